namespace Berth.Configuration;

/// <summary>The platform's rule for Python entry scripts: the file name must be a valid identifier and not a keyword.</summary>
internal static class PythonNames
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del", "elif",
        "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or",
        "pass", "raise", "return", "try", "while", "with", "yield",
    };

    /// <summary>Null when <paramref name="moduleName"/> can be imported as a module; otherwise the sentence to show.</summary>
    public static string? CheckModuleName(string moduleName)
    {
        const string Rule = "entry_script name must be a valid python identifier that is not a python keyword";
        if (Keywords.Contains(moduleName))
        {
            return $"Invalid entry_script name: \"{moduleName}\" is a Python keyword; {Rule}. Rename the script, e.g. to score.py.";
        }

        for (var i = 0; i < moduleName.Length; i++)
        {
            var c = moduleName[i];
            var ok = c == '_' || char.IsLetter(c) || (i > 0 && char.IsDigit(c));
            if (!ok)
            {
                return $"Invalid entry_script name: \"{moduleName}\": character '{c}' at position {i + 1} is not allowed; {Rule} (letters, digits and '_', not starting with a digit). Rename the script, e.g. to score.py.";
            }
        }

        return moduleName.Length == 0 ? $"Invalid entry_script name: the name is empty; {Rule}." : null;
    }
}

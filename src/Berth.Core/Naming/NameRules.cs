namespace Berth.Naming;

/// <summary>The rules for model and environment names: letters, digits, '-', '_' and '.', at most 255 characters.</summary>
public static class NameRules
{
    public const int MaxLength = 255;

    /// <summary>Returns null when <paramref name="name"/> is valid, else a sentence that says what is wrong.</summary>
    public static string? Validate(string? name, string what)
    {
        const string Allowed = "use letters, digits, '-', '_' and '.' (at most 255 characters), starting with a letter or digit";
        if (string.IsNullOrEmpty(name))
        {
            return $"{what} is empty; {Allowed}";
        }

        if (name.Length > MaxLength)
        {
            return $"{what} \"{name[..20]}...\" is {name.Length} characters long; {Allowed}";
        }

        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                return $"{what} \"{name}\" is not valid: character '{c}' at position {i + 1} is not allowed; {Allowed}";
            }
        }

        if (!char.IsAsciiLetterOrDigit(name[0]))
        {
            return $"{what} \"{name}\" is not valid: it must start with a letter or digit; {Allowed}";
        }

        return name.Contains("..", StringComparison.Ordinal)
            ? $"{what} \"{name}\" is not valid: \"..\" is not allowed; {Allowed}"
            : null;
    }
}

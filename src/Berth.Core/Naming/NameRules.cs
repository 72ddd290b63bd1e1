namespace Berth.Naming;

/// <summary>
/// The naming rule shared by models and environments: letters, digits, <c>-</c>, <c>_</c> and
/// <c>.</c>; 1 to 255 characters; starting with a letter or digit; no <c>..</c>.
/// </summary>
public static class NameRules
{
    public const int MaxLength = 255;

    private const string Rule = "use letters, digits, '-', '_' and '.' (at most 255 characters)";

    /// <summary>Returns null when <paramref name="name"/> is valid, else a sentence saying what is wrong and where.</summary>
    /// <param name="name">The name to check.</param>
    /// <param name="what">What is being named, e.g. <c>model name</c>.</param>
    public static string? Validate(string? name, string what)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(what);
        var problem = FindProblem(name ?? "");
        return problem is null ? null : $"{what} \"{name}\" is not valid: {problem}; {Rule}";
    }

    private static string? FindProblem(string name)
    {
        if (name.Length == 0)
        {
            return "it is empty";
        }

        if (name.Length > MaxLength)
        {
            return $"it is {name.Length} characters long";
        }

        for (var i = 0; i < name.Length; i++)
        {
            if (!IsAllowed(name[i]))
            {
                return $"character {Show(name[i])} at position {i + 1} is not allowed";
            }
        }

        if (!char.IsAsciiLetterOrDigit(name[0]))
        {
            return $"it must start with a letter or digit, not {Show(name[0])}";
        }

        var dots = name.IndexOf("..", StringComparison.Ordinal);
        return dots >= 0 ? $"'..' at position {dots + 1} is not allowed" : null;
    }

    private static bool IsAllowed(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.';

    private static string Show(char c) => char.IsControl(c) || char.IsWhiteSpace(c) && c != ' '
        ? $"U+{(int)c:X4}"
        : $"'{c}'";
}

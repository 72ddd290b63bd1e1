namespace Berth.Errors;

/// <summary>Every problem found in one or more user-authored files, reported together.</summary>
public sealed class ConfigValidationException : BerthException
{
    public ConfigValidationException(IReadOnlyList<ConfigIssue> issues, string? hint = null, string code = ErrorCodes.ConfigInvalid)
        : base(code, FormatMessage(issues), hint)
    {
        Issues = issues;
    }

    public IReadOnlyList<ConfigIssue> Issues { get; }

    private static string FormatMessage(IReadOnlyList<ConfigIssue> issues)
    {
        ArgumentNullException.ThrowIfNull(issues);
        if (issues.Count == 1)
        {
            return issues[0].ToString();
        }

        return $"{issues.Count} problems found:" + Environment.NewLine
            + string.Join(Environment.NewLine, issues.Select(i => "  " + i));
    }
}

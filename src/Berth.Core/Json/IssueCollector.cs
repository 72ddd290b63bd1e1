using Berth.Errors;

namespace Berth.Json;

/// <summary>Gathers every problem found in one file so they can be reported together.</summary>
internal sealed class IssueCollector(string file)
{
    private readonly List<ConfigIssue> _issues = [];

    public string File { get; } = file;

    public IReadOnlyList<ConfigIssue> Issues => _issues;

    public bool HasIssues => _issues.Count > 0;

    public void Add(int? line, int? column, string? field, string message) =>
        _issues.Add(new ConfigIssue(File, line, column, field, message));

    public void Add(SourceProperty property, string field, string message) =>
        Add(property.Line, property.Column, field, message);

    public void AddRange(IEnumerable<ConfigIssue> issues) => _issues.AddRange(issues);

    /// <summary>Throws one <see cref="ConfigValidationException"/> with every issue, if there are any.</summary>
    public void ThrowIfAny(string? hint = null)
    {
        if (_issues.Count > 0)
        {
            var code = _issues.All(i => i.Message.StartsWith("JSON syntax error", StringComparison.Ordinal) || i.Message.StartsWith("YAML syntax error", StringComparison.Ordinal))
                ? ErrorCodes.ConfigSyntax
                : ErrorCodes.ConfigInvalid;
            var ordered = _issues.OrderBy(i => i.File == File ? 0 : 1).ThenBy(i => i.Line ?? 0).ThenBy(i => i.Column ?? 0).ToList();
            throw new ConfigValidationException(ordered, hint, code);
        }
    }
}

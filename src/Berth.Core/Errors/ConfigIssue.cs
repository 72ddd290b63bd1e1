namespace Berth.Errors;

/// <summary>
/// One problem found in a user-authored file: where it is (file, 1-based line and column when known,
/// the field path such as <c>autoScaler.minReplicas</c>) and what is wrong with it.
/// </summary>
public sealed record ConfigIssue(string File, int? Line, int? Column, string? Field, string Message)
{
    /// <summary>Formats as <c>file:line:column: field: message</c>, leaving out the parts that are unknown.</summary>
    public override string ToString()
    {
        var where = File;
        if (Line is int line)
        {
            where += $":{line}";
            if (Column is int column)
            {
                where += $":{column}";
            }
        }

        return Field is null ? $"{where}: {Message}" : $"{where}: {Field}: {Message}";
    }
}

using Berth.Errors;

namespace Berth.Client;

/// <summary>An error the Berth server reported, from its problem details response.</summary>
public sealed class BerthApiException : BerthException
{
    public BerthApiException(int statusCode, string code, string message, string? hint, string? traceId, IReadOnlyList<ConfigIssue> issues, bool isTransient = false)
        : base(code, message, hint, isTransient)
    {
        StatusCode = statusCode;
        TraceId = traceId;
        Issues = issues;
    }

    public int StatusCode { get; }

    public string? TraceId { get; }

    /// <summary>For validation failures, every problem found (file, line, field, message).</summary>
    public IReadOnlyList<ConfigIssue> Issues { get; }
}

namespace Berth.Scoring.Hosting;

/// <summary>The result of one /score request, before it becomes an HTTP response.</summary>
internal sealed record ScoreOutcome(
    OutcomeKind Kind,
    int Status,
    ReadOnlyMemory<byte> Body,
    string? ContentType = null,
    IReadOnlyList<KeyValuePair<string, string>>? Headers = null,
    double? ExecMs = null,
    bool RunFunctionFailed = false)
{
    /// <summary>For <see cref="OutcomeKind.Streamed"/>: the body chunks. The writer must dispose it.</summary>
    public IResponseStream? Stream { get; init; }

    public static ScoreOutcome Json(ReadOnlyMemory<byte> body, double execMs) => new(OutcomeKind.Ok, 200, body, ExecMs: execMs);

    public static ScoreOutcome RunError(string detail) =>
        new(OutcomeKind.RunFailed, 500, System.Text.Encoding.UTF8.GetBytes(detail), RunFunctionFailed: true);

    public static ScoreOutcome Internal(string detail) =>
        new(OutcomeKind.InternalError, 500, System.Text.Encoding.UTF8.GetBytes(detail));

    public static ScoreOutcome Client(int status, string message) =>
        new(OutcomeKind.ClientError, status, System.Text.Encoding.UTF8.GetBytes(message));

    public static ScoreOutcome TimedOut() => new(OutcomeKind.Timeout, 500, ReadOnlyMemory<byte>.Empty, RunFunctionFailed: true);
}

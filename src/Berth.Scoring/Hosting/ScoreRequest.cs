
namespace Berth.Scoring.Hosting;

/// <summary>One /score request as an entry-script host sees it.</summary>
internal sealed class ScoreRequest
{
    public required ScoreMethod Method { get; init; }

    /// <summary>The raw query string without the leading '?', or empty.</summary>
    public required string QueryString { get; init; }

    public required IHeaderDictionary Headers { get; init; }

    public required ReadOnlyMemory<byte> Body { get; init; }
}

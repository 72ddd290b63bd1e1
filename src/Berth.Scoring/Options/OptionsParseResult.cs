namespace Berth.Scoring.Options;

/// <summary>What <see cref="OptionsParser"/> found: options, or every error, or a request for help/version.</summary>
internal sealed record OptionsParseResult(ScoringOptions? Options, IReadOnlyList<string> Errors, bool Help, bool Version)
{
    /// <summary>Things worth a warning in the log, e.g. unknown keys in the config file.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}

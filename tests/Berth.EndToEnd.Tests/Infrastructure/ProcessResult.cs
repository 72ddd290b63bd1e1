namespace Berth.EndToEnd.Tests.Infrastructure;

/// <summary>What a finished process printed and returned.</summary>
internal sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{StandardOutput}\n--- stderr\n{StandardError}";
}

namespace Berth.Errors;

/// <summary>What one error code means to every caller: its HTTP status, the CLI's exit code, and whether a retry may succeed.</summary>
public sealed record ErrorKind(string Code, int HttpStatus, int ExitCode, bool IsTransient);

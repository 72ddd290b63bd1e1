using Berth.Errors;

namespace Berth.Scoring.Hosting;

/// <summary>The error raised when the entry script cannot be loaded, compiled, or initialized.</summary>
internal static class BootFailure
{
    public const string Code = "scoring.boot_failed";

    public static BerthException Create(string message) =>
        new(Code, message, "Fix the entry script (see the log above) and start the replica again.");
}

namespace Berth.Scoring.Logging;

/// <summary>Logger names as the platform's server uses them, plus ours for the process-level lines.</summary>
internal static class LogNames
{
    public const string Server = "azmlinfsrv";
    public const string UserScript = "azmlinfsrv.user_script";
    public const string Swagger = "azmlinfsrv.swagger";
    public const string Print = "azmlinfsrv.print";

    /// <summary>Process-level lines (listening, worker boot and exit), where the platform has gunicorn's.</summary>
    public const string Master = "berth.master";
}

namespace Berth.Services;

/// <summary>Details shown next to a <see cref="ServiceState"/>, such as <c>Failed (CrashLoopBackOff)</c>.</summary>
public static class ServiceStateDetails
{
    /// <summary>Replicas keep exiting before they become ready and are restarted with a growing delay.</summary>
    public const string CrashLoopBackOff = "CrashLoopBackOff";

    /// <summary>Renders a state with its optional detail: <c>Failed (CrashLoopBackOff)</c>, or <c>Healthy</c>.</summary>
    public static string Format(ServiceState state, string? detail) =>
        string.IsNullOrEmpty(detail) ? state.ToString() : $"{state} ({detail})";
}

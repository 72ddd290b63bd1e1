namespace Berth.Router.Routing;

/// <summary>
/// Passive health: a replica that refuses a connection is skipped by the balancer for a few seconds, and the request
/// that found out is sent once to another replica (it never reached the first, so retrying it is safe). The control
/// plane's reconciler decides what to do with the replica itself.
/// </summary>
internal static class PassiveHealth
{
    public static readonly TimeSpan Ejection = TimeSpan.FromSeconds(5);

    /// <summary>Attempts per request when connections are refused: the first replica and one other.</summary>
    public const int MaxAttempts = 2;

    public static long EjectedUntil(long now, long frequency) => now + (long)(Ejection.TotalSeconds * frequency);

    public static bool IsEjected(long ejectedUntil, long now) => now < ejectedUntil;

    /// <summary>Whether a request whose connection was refused on attempt <paramref name="attempt"/> (from 1) goes to another replica.</summary>
    public static bool ShouldRetry(int attempt, int replicaCount) => attempt < MaxAttempts && replicaCount > 1;
}

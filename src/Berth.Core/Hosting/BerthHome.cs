namespace Berth.Hosting;

/// <summary>The workspace folder every Berth program defaults to: BERTH_HOME, else ~/.berth.</summary>
public static class BerthHome
{
    /// <summary>The workspace's control-plane token, in the workspace folder (owner-only).</summary>
    public const string TokenFileName = "token";

    /// <summary>Overrides the token file for the CLI and the SDK (a server of another workspace, or on another machine).</summary>
    public const string TokenVariable = "BERTH_TOKEN";

    public static string Resolve() =>
        Environment.GetEnvironmentVariable("BERTH_HOME") is { Length: > 0 } home
            ? home
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".berth");

    /// <summary>The token file of the workspace at <paramref name="home"/>.</summary>
    public static string TokenPath(string home) => Path.Combine(home, TokenFileName);
}

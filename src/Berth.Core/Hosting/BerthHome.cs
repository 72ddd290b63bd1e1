namespace Berth.Hosting;

/// <summary>The workspace folder every Berth program defaults to: BERTH_HOME, else ~/.berth.</summary>
public static class BerthHome
{
    public static string Resolve() =>
        Environment.GetEnvironmentVariable("BERTH_HOME") is { Length: > 0 } home
            ? home
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".berth");
}

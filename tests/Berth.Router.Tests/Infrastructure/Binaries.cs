namespace Berth.Router.Tests.Infrastructure;

/// <summary>Where the built executables are: artifacts/bin/&lt;Project&gt;/&lt;configuration&gt;/.</summary>
internal static class Binaries
{
    private static readonly string Configuration = Path.GetFileName(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory));

    public static string Router => Find("Berth.Router", "berth-router");

    private static string Find(string project, string executable)
    {
        var path = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", project, Configuration, executable));
        return File.Exists(path) ? path : throw new InvalidOperationException($"{path} does not exist; build the solution first");
    }
}

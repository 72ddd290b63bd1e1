namespace Berth.EndToEnd.Tests.Infrastructure;

/// <summary>Where the built executables are: artifacts/bin/&lt;Project&gt;/&lt;configuration&gt;/.</summary>
internal static class Binaries
{
    private static readonly string Configuration = Path.GetFileName(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory));

    public static string Cli => Find("Berth.Cli", "berth");

    public static string Server => Find("Berth.Server", "berth-server");

    public static string RepositoryRoot
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Berth.sln")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? throw new InvalidOperationException("Berth.sln not found above " + AppContext.BaseDirectory);
        }
    }

    private static string Find(string project, string executable)
    {
        var path = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", project, Configuration, executable));
        return File.Exists(path) ? path : throw new InvalidOperationException($"{path} does not exist; build the solution first (scripts/setup.sh)");
    }
}

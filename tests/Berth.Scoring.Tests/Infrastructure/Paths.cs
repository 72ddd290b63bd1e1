namespace Berth.Scoring.Tests.Infrastructure;

/// <summary>Where the repository, the built berth-scoring and the fixture scripts are.</summary>
internal static class Paths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>berth-scoring.dll of the same configuration as these tests (artifacts/bin/Berth.Scoring/&lt;config&gt;).</summary>
    public static string ScoringDll
    {
        get
        {
            var config = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd('/')).Name;
            var dll = Path.Combine(RepoRoot, "artifacts", "bin", "Berth.Scoring", config, "berth-scoring.dll");
            if (!File.Exists(dll)) throw new InvalidOperationException($"berth-scoring is not built at {dll}; run dotnet build first.");
            return dll;
        }
    }

    public static string Script(string name) => Path.Combine(AppContext.BaseDirectory, "Scripts", name);

    /// <summary>An ONNX fixture of Models/ (made by Models/make_models.py).</summary>
    public static string Model(string name) => Path.Combine(AppContext.BaseDirectory, "Models", name);

    public static string Sample(params string[] parts) => Path.Combine([RepoRoot, "samples", .. parts]);

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Berth.sln"))) return dir.FullName;
        }

        throw new InvalidOperationException($"no Berth.sln above {AppContext.BaseDirectory}");
    }
}

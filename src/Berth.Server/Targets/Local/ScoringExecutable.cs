using Berth.Errors;

namespace Berth.Server.Targets.Local;

/// <summary>Finds <c>berth-scoring</c>: BERTH_SCORING_EXE, next to this server (published), or in the build output beside it.</summary>
internal static class ScoringExecutable
{
    public static string Path => Find("BERTH_SCORING_EXE", "Berth.Scoring", "berth-scoring");

    public static string Find(string variable, string project, string executable)
    {
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } configured)
        {
            candidates.Add(configured);
        }

        var here = AppContext.BaseDirectory;
        candidates.Add(System.IO.Path.Combine(here, executable));
        var configuration = System.IO.Path.GetFileName(System.IO.Path.TrimEndingDirectorySeparator(here));
        candidates.Add(System.IO.Path.GetFullPath(System.IO.Path.Combine(here, "..", "..", project, configuration, executable)));
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new BerthException(ErrorCodes.Internal, $"{executable} was not found (looked at {string.Join(", ", candidates)})", $"build Berth with scripts/setup.sh, or set {variable}");
    }
}

using Berth.Errors;

namespace Berth.Server.Targets.Docker;

/// <summary>
/// The folder with berth-scoring's framework-dependent build output (<c>berth-scoring.dll</c> and its runtimeconfig,
/// deps and <c>pyhost/</c>), copied into replica images as <see cref="ReplicaDockerfile.ScoringContextFolder"/>.
/// <c>BERTH_SCORING_DIR</c>, else the folder of <c>BERTH_SCORING_EXE</c>, else next to this program, else the build
/// output beside it (<c>artifacts/bin/Berth.Scoring/&lt;configuration&gt;/</c>). A folder counts only when it holds
/// the dll itself: a build copies berth-scoring's apphost next to projects that merely reference it.
/// </summary>
internal static class ScoringBuildOutput
{
    private const string Dll = "berth-scoring.dll";

    public static string Find()
    {
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable("BERTH_SCORING_DIR") is { Length: > 0 } configured)
        {
            candidates.Add(configured);
        }

        if (Environment.GetEnvironmentVariable("BERTH_SCORING_EXE") is { Length: > 0 } exe && Path.GetDirectoryName(exe) is { } folder)
        {
            candidates.Add(folder);
        }

        var here = Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory);
        candidates.Add(here);
        candidates.Add(Path.GetFullPath(Path.Combine(here, "..", "..", "Berth.Scoring", Path.GetFileName(here))));
        return candidates.FirstOrDefault(c => File.Exists(Path.Combine(c, Dll)) && File.Exists(Path.Combine(c, "berth-scoring.runtimeconfig.json")))
            ?? throw new BerthException(
                ErrorCodes.Internal, $"berth-scoring's build output ({Dll}) was not found (looked in {string.Join(", ", candidates)})", "build Berth with scripts/setup.sh, or set BERTH_SCORING_DIR");
    }
}

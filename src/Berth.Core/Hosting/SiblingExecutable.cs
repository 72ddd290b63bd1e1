using Berth.Errors;

namespace Berth.Hosting;

/// <summary>
/// Finds another Berth program: the path in an environment variable, else next to the running program (a published
/// layout), else in the build output beside it (<c>artifacts/bin/&lt;Project&gt;/&lt;configuration&gt;/</c>).
/// </summary>
public static class SiblingExecutable
{
    public static string Find(string variable, string project, string executable, string errorCode = ErrorCodes.Internal)
    {
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } configured)
        {
            candidates.Add(configured);
        }

        var here = AppContext.BaseDirectory;
        candidates.Add(Path.Combine(here, executable));
        var configuration = Path.GetFileName(Path.TrimEndingDirectorySeparator(here));
        candidates.Add(Path.GetFullPath(Path.Combine(here, "..", "..", project, configuration, executable)));
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new BerthException(errorCode, $"{executable} was not found (looked at {string.Join(", ", candidates)})", $"build Berth with scripts/setup.sh, or set {variable}");
    }
}

using Berth.Diagnosis;
using Berth.Environments;
using Berth.Server.Deployment;

namespace Berth.Server.Targets.Docker;

/// <summary>
/// Which of an environment's pip requirements an image must install: the local target's decision, made in the base
/// image instead of on this machine. The requirements are <see cref="PythonRequirements.From"/> (conda names
/// translated, what Berth provides left out), checked by <see cref="InterpreterCheck"/>'s script run by the base
/// image's <c>python3</c> in a throwaway container without network; those it does not satisfy go to the pip step.
/// A <c>baseDockerfile</c> has no image to check before the build, and a base that is not here or cannot run the check
/// neither: then every requirement goes to the pip step, and pip itself skips what is already satisfied.
/// </summary>
internal static class ImageRequirements
{
    private static readonly TimeSpan CheckTimeout = TimeSpan.FromMinutes(2);

    /// <summary>The pip requirements the image <paramref name="baseImage"/> lacks (in the environment's order); progress says what was decided and why.</summary>
    /// <exception cref="InstallFailedException">A conda spec has no pip equivalent (as on the local target).</exception>
    public static async Task<IReadOnlyList<string>> ResolveAsync(
        DockerEngine engine, string baseImage, EnvironmentDefinition? environment, Action<string> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(progress);
        var requirements = PythonRequirements.From(environment);
        requirements.Notes.ToList().ForEach(progress);
        if (requirements.Errors.Count > 0)
        {
            throw new InstallFailedException(new InstallFailure("berth", null, [.. requirements.Errors.Select(e => "ERROR: " + e)]));
        }

        var wanted = requirements.Wanted.Values.ToList();
        if (wanted.Count == 0)
        {
            return [];
        }

        if (!string.IsNullOrWhiteSpace(environment?.Docker.BaseDockerfile))
        {
            progress("image: the base is a Dockerfile, not checked before the build; pip installs what it lacks: " + string.Join(", ", wanted));
            return wanted;
        }

        if (!await engine.ImageExistsAsync(baseImage, cancellationToken))
        {
            progress($"image: base image {baseImage} is not on this engine, so it cannot be checked; the build pulls it or fails at FROM");
            return wanted;
        }

        var (exit, output) = await engine.RunToEndAsync(CheckContainer(baseImage, wanted, requirements.PythonSpecifier), CheckTimeout, cancellationToken);
        if (exit != 0)
        {
            progress($"image: could not check the requirements in {baseImage} (python3 exited with {exit}: {string.Join(" ", output.TakeLast(3))}); pip installs them all");
            return wanted;
        }

        var check = InterpreterCheckResult.Parse(output);
        Report(check, requirements, baseImage, progress);
        return [.. wanted.Where(check.Missing.ContainsKey)];
    }

    private static ContainerSpec CheckContainer(string image, IEnumerable<string> requirements, string? specifier) =>
        new(image, $"berth-check-{Guid.NewGuid():N}")
        {
            Command = ["python3", .. InterpreterCheck.Arguments(requirements, specifier)],
            Labels = new Dictionary<string, string> { ["berth.check"] = "1" },
            Network = "none",
            MemoryBytes = 512L << 20,
        };

    private static void Report(InterpreterCheckResult check, PythonRequirements requirements, string image, Action<string> progress)
    {
        check.Notes.ToList().ForEach(n => progress("image: note: " + n));
        if (check.PythonMatches == false)
        {
            progress($"image: warning: environment asks for {requirements.PythonPin}; {image} has Python {check.PythonVersion}; continuing with {check.PythonVersion}");
        }

        if (check.Satisfied.Count > 0)
        {
            progress($"image: already satisfied by {image}: {string.Join(", ", check.Satisfied.Select(s => $"{s.Key} ({s.Value} installed)"))}");
        }

        if (check.Missing.Count > 0)
        {
            progress($"image: to install: {string.Join("; ", check.Missing.Select(m => $"{m.Key}: {m.Value}"))}");
        }
    }
}

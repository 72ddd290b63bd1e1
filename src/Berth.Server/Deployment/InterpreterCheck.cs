namespace Berth.Server.Deployment;

/// <summary>
/// Asks an interpreter which requirements it satisfies by name and version (PEP 440, with <c>packaging</c> and
/// <c>importlib.metadata</c>) and whether its own version matches the environment's python pin. Without
/// <c>packaging</c> it checks names only and says so.
/// </summary>
internal static class InterpreterCheck
{
    private const string Script = """
        import sys, re, platform, importlib.metadata as md
        try:
            from packaging.requirements import Requirement
            from packaging.specifiers import SpecifierSet
        except ImportError:
            Requirement = None
            print("note\tthe Python package 'packaging' cannot be imported by " + sys.executable + "; checking package names only, not versions")
        here = platform.python_version()
        if sys.argv[1]:
            ok = None if Requirement is None else SpecifierSet(sys.argv[1]).contains(here, prereleases=True)
            print("python\t" + {None: "unknown", True: "ok", False: "mismatch"}[ok] + "\t" + here)
        for line in sys.argv[2:]:
            spec, url = None, None
            if Requirement is None:
                name = re.split(r"[\s\[=<>!~;@(]", line, maxsplit=1)[0]
            else:
                try:
                    req = Requirement(line)
                except Exception as e:
                    print("missing\t" + line + "\tnot a valid requirement: " + str(e).replace("\n", " "))
                    continue
                if req.marker is not None and not req.marker.evaluate():
                    print("skip\t" + line + "\tits marker does not apply to this interpreter")
                    continue
                name, spec, url = req.name, req.specifier, req.url
            try:
                version = md.version(name)
            except md.PackageNotFoundError:
                print("missing\t" + line + "\tnot installed")
                continue
            if url:
                print("missing\t" + line + "\t" + version + " is installed; a requirement with a URL is always installed")
            elif spec is not None and not spec.contains(version, prereleases=True):
                print("missing\t" + line + "\t" + version + " is installed")
            else:
                print("ok\t" + line + "\t" + version)
        """;

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    /// <summary>The interpreter's arguments that run the check: <c>-c SCRIPT SPECIFIER REQUIREMENT...</c>; it prints <see cref="InterpreterCheckResult.Parse"/>'s lines. Also run in an image (Targets/Docker/ImageRequirements).</summary>
    internal static string[] Arguments(IEnumerable<string> requirements, string? pythonSpecifier) =>
        ["-c", Script, pythonSpecifier ?? string.Empty, .. requirements];

    /// <summary>Checks <paramref name="requirements"/> (pip lines) and the python pin against <paramref name="python"/>.</summary>
    /// <exception cref="InstallFailedException">The interpreter could not run the check.</exception>
    public static async Task<InterpreterCheckResult> RunAsync(
        string python, IEnumerable<string> requirements, string? pythonSpecifier, CancellationToken cancellationToken)
    {
        var (exit, output) = await ToolProcess.RunAsync(python, Arguments(requirements, pythonSpecifier), Timeout, cancellationToken);
        if (exit != 0)
        {
            throw new InstallFailedException(new Diagnosis.InstallFailure(python, exit, output));
        }

        return InterpreterCheckResult.Parse(output);
    }
}

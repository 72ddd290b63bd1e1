using System.Diagnostics;
using Berth.Diagnosis;
using Berth.Environments;
using Berth.Server.Workspace;

namespace Berth.Server.Deployment;

/// <summary>
/// Prepares the Python an environment needs: the system interpreter when it already has every listed package,
/// else a virtualenv per environment hash (with the system site packages) where only the missing ones are
/// installed. An install failure carries the installer's own output.
/// </summary>
internal sealed class PythonEnvironment(WorkspaceLayout layout)
{
    /// <summary>Packages Berth itself provides inside every replica (its azureml shim) or that need no install.</summary>
    private static readonly HashSet<string> Provided = new(StringComparer.OrdinalIgnoreCase)
    {
        "python", "pip", "setuptools", "wheel", "azureml-defaults", "azureml-core", "azureml-inference-server-http",
        "inference-schema", "azureml-contrib-services", "azureml-model-management-sdk",
    };

    private const string CheckScript = """
        import sys, importlib.metadata as md
        for name in sys.argv[1:]:
            try:
                md.distribution(name)
            except md.PackageNotFoundError:
                print(name)
        """;

    public static string SystemPython => Environment.GetEnvironmentVariable("BERTH_PYTHON") is { Length: > 0 } p ? p : "/usr/bin/python3";

    /// <summary>Returns the interpreter to run the replicas with, or throws <see cref="InstallFailedException"/>.</summary>
    public async Task<string> PrepareAsync(EnvironmentDefinition? definition, Action<string> progress, CancellationToken cancellationToken)
    {
        var wanted = Requirements(definition);
        if (wanted.Count == 0)
        {
            progress($"environment: nothing to install, using {SystemPython}");
            return SystemPython;
        }

        var missing = await MissingAsync(SystemPython, wanted.Keys, cancellationToken);
        if (missing.Count == 0)
        {
            progress($"environment: {SystemPython} already has {string.Join(", ", wanted.Keys)}");
            return SystemPython;
        }

        var hash = definition!.ComputeHash();
        var venv = Path.Combine(layout.EnvironmentsDirectory, hash[..16]);
        var python = Path.Combine(venv, "bin", "python");
        if (File.Exists(Path.Combine(venv, ".ready")))
        {
            progress($"environment: reusing {venv} (same definition)");
            return python;
        }

        progress($"environment: creating a virtualenv at {venv} and installing {string.Join(", ", missing)}");
        if (Directory.Exists(venv))
        {
            Directory.Delete(venv, recursive: true);
        }

        await RunOrFailAsync("venv", SystemPython, ["-m", "venv", "--system-site-packages", venv], cancellationToken);
        await RunOrFailAsync("pip", python, ["-m", "pip", "install", "--disable-pip-version-check", "--no-input", "--retries", "0", "--timeout", "15", .. missing.Select(m => wanted[m])], cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(venv, ".ready"), hash, cancellationToken);
        return python;
    }

    /// <summary>The package names to check and the pip requirement to install for each (conda specs translated).</summary>
    internal static Dictionary<string, string> Requirements(EnvironmentDefinition? definition)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var package in definition?.CondaPackages ?? [])
        {
            var name = package.Name.Contains("::", StringComparison.Ordinal) ? package.Name[(package.Name.IndexOf("::", StringComparison.Ordinal) + 2)..] : package.Name;
            var spec = package.Specifier.StartsWith('=') && !package.Specifier.StartsWith("==", StringComparison.Ordinal)
                ? "==" + package.Specifier[1..] + ".*"   // conda's "=1.2" means any 1.2.x
                : package.Specifier;
            Add(result, name, name + spec);
        }

        foreach (var package in definition?.PipPackages ?? [])
        {
            Add(result, package.Name, package.ToString());
        }

        return result;
    }

    private static void Add(Dictionary<string, string> result, string name, string requirement)
    {
        if (!Provided.Contains(name) && !name.StartsWith("azureml-", StringComparison.OrdinalIgnoreCase))
        {
            result[name] = requirement;
        }
    }

    private static async Task<List<string>> MissingAsync(string python, IEnumerable<string> names, CancellationToken cancellationToken)
    {
        var (exit, output) = await RunAsync(python, ["-c", CheckScript, .. names], cancellationToken);
        if (exit != 0)
        {
            throw new InstallFailedException(new InstallFailure(python, exit, output));
        }

        return output.Where(l => l.Length > 0).ToList();
    }

    private static async Task RunOrFailAsync(string installer, string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var (exit, output) = await RunAsync(program, arguments, cancellationToken);
        if (exit != 0)
        {
            throw new InstallFailedException(new InstallFailure(installer, exit, output));
        }
    }

    private static async Task<(int ExitCode, List<string> Output)> RunAsync(string program, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var lines = new List<string>();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(15));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        lines.AddRange((await stdout).Split('\n').Select(l => l.TrimEnd()));
        lines.AddRange((await stderr).Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0));
        return (process.ExitCode, lines);
    }
}

/// <summary>Preparing the environment failed; <see cref="Failure"/> holds the installer's output for the diagnosis.</summary>
internal sealed class InstallFailedException(InstallFailure failure) : Exception($"{failure.Installer} failed with exit code {failure.ExitCode}")
{
    public InstallFailure Failure { get; } = failure;
}

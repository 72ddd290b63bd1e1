using Berth.Diagnosis;
using Berth.Environments;
using Berth.Server.Workspace;

namespace Berth.Server.Deployment;

/// <summary>
/// Prepares the Python an environment needs: the system interpreter when it satisfies every requirement by name and
/// version, else a virtualenv per environment hash (with the system site packages) where the unsatisfied ones are
/// installed, and checked again afterwards: a replica never runs with another version than the one asked for. An
/// install failure carries the installer's own output and the index and system-package facts to diagnose it.
/// </summary>
internal sealed class PythonEnvironment(WorkspaceLayout layout)
{
    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(15);

    public static string SystemPython => Environment.GetEnvironmentVariable("BERTH_PYTHON") is { Length: > 0 } p ? p : "/usr/bin/python3";

    /// <summary>Returns the interpreter to run the replicas with, or throws <see cref="InstallFailedException"/>.</summary>
    public async Task<string> PrepareAsync(EnvironmentDefinition? definition, Action<string> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(progress);
        var requirements = PythonRequirements.From(definition);
        requirements.Notes.ToList().ForEach(progress);
        if (requirements.Errors.Count > 0)
        {
            throw new InstallFailedException(new InstallFailure("berth", null, [.. requirements.Errors.Select(e => "ERROR: " + e)]));
        }

        if (requirements.Wanted.Count == 0 && requirements.PythonSpecifier is null)
        {
            progress($"environment: nothing to install, using {SystemPython}");
            return SystemPython;
        }

        var check = await InterpreterCheck.RunAsync(SystemPython, requirements.Wanted.Values, requirements.PythonSpecifier, cancellationToken);
        Report(check, requirements, SystemPython, progress);
        if (check.Missing.Count == 0)
        {
            progress($"environment: {SystemPython} satisfies every requirement; no virtualenv needed");
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

        var missing = requirements.Wanted.Where(w => check.Missing.ContainsKey(w.Value)).ToDictionary(w => w.Key, w => w.Value, StringComparer.OrdinalIgnoreCase);
        progress($"environment: creating a virtualenv at {venv} and installing {string.Join(", ", missing.Values)}");
        if (Directory.Exists(venv))
        {
            Directory.Delete(venv, recursive: true);
        }

        await RunOrFailAsync("venv", SystemPython, ["-m", "venv", "--system-site-packages", venv], null, cancellationToken);
        await RunOrFailAsync("pip", python, [
            "-m", "pip", "install", "--disable-pip-version-check", "--no-input", "--retries", "1", "--timeout", "15", .. missing.Values,
        ], missing, cancellationToken);
        await VerifyAsync(python, missing, cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(venv, ".ready"), hash, cancellationToken);
        return python;
    }

    private static void Report(InterpreterCheckResult check, PythonRequirements requirements, string python, Action<string> progress)
    {
        check.Notes.ToList().ForEach(n => progress("environment: note: " + n));
        if (check.PythonMatches == false)
        {
            progress($"environment: warning: environment asks for {requirements.PythonPin}; this interpreter is {check.PythonVersion}; continuing with {check.PythonVersion}");
        }
        else if (check.PythonMatches is null && check.PythonVersion is not null)
        {
            progress($"environment: note: environment asks for {requirements.PythonPin}; this interpreter is {check.PythonVersion} (not compared)");
        }

        if (check.Satisfied.Count > 0)
        {
            progress($"environment: already satisfied by {python}: {string.Join(", ", check.Satisfied.Select(s => $"{s.Key} ({s.Value} installed)"))}");
        }

        if (check.NotApplicable.Count > 0)
        {
            progress($"environment: not for this interpreter (marker): {string.Join(", ", check.NotApplicable)}");
        }

        if (check.Missing.Count > 0)
        {
            progress($"environment: to install: {string.Join("; ", check.Missing.Select(m => $"{m.Key}: {m.Value}"))}");
        }
    }

    /// <summary>After pip succeeded, the virtualenv must satisfy what it installed; else the deploy fails rather than run another version.</summary>
    private static async Task VerifyAsync(string python, Dictionary<string, string> installed, CancellationToken cancellationToken)
    {
        var after = await InterpreterCheck.RunAsync(python, installed.Values, null, cancellationToken);
        if (after.Missing.Count > 0)
        {
            var lines = after.Missing.Select(m => $"ERROR: after pip install, {m.Key} is still not satisfied: {m.Value}").ToList();
            throw new InstallFailedException(new InstallFailure("pip", 0, lines) { Requirements = [.. installed.Values] });
        }
    }

    private static async Task RunOrFailAsync(
        string installer, string program, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? requirements, CancellationToken cancellationToken)
    {
        var (exit, output) = await ToolProcess.RunAsync(program, arguments, InstallTimeout, cancellationToken);
        if (exit != 0)
        {
            var failure = new InstallFailure(installer, exit, output);
            throw new InstallFailedException(requirements is null ? failure : await InstallFacts.AddAsync(failure, program, requirements, cancellationToken));
        }
    }
}

/// <summary>Preparing the environment failed; <see cref="Failure"/> holds the installer's output for the diagnosis.</summary>
internal sealed class InstallFailedException(InstallFailure failure) : Exception($"{failure.Installer} failed with exit code {failure.ExitCode}")
{
    public InstallFailure Failure { get; } = failure;
}

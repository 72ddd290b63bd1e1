using System.Diagnostics;

namespace Berth.Scoring.Tests.Infrastructure;

/// <summary>Python tests need /usr/bin/python3 with numpy and scikit-learn; they fail with this message otherwise (never skip).</summary>
internal static class PythonRequirement
{
    private static readonly Lazy<string?> Problem = new(Check);

    public static string Python => Environment.GetEnvironmentVariable("BERTH_PYTHON") is { Length: > 0 } p ? p : "/usr/bin/python3";

    public static void Ensure()
    {
        if (Problem.Value is { } problem) throw new InvalidOperationException(problem);
    }

    /// <summary>Fails with how to install it when <paramref name="module"/> cannot be imported (Debian's python3-* packages; scripts/setup.sh installs them).</summary>
    public static void EnsureModule(string module)
    {
        var psi = new ProcessStartInfo(Python) { RedirectStandardError = true, RedirectStandardOutput = true };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add($"import {module}");
        using var process = Process.Start(psi)!;
        var error = process.StandardError.ReadToEnd();
        if (!process.WaitForExit(30_000) || process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Python} cannot import {module} ({error.Trim()}). Install it: scripts/setup.sh (apt-get install python3-{module}).");
        }
    }

    private static string? Check()
    {
        try
        {
            var psi = new ProcessStartInfo(Python) { RedirectStandardError = true, RedirectStandardOutput = true };
            psi.ArgumentList.Add("-c");
            psi.ArgumentList.Add("import numpy, sklearn");
            using var process = Process.Start(psi)!;
            var error = process.StandardError.ReadToEnd();
            if (!process.WaitForExit(30_000)) return $"{Python} -c 'import numpy, sklearn' did not finish in 30 s";
            return process.ExitCode == 0 ? null
                : $"{Python} cannot import numpy and scikit-learn ({error.Trim()}). Install them: scripts/setup.sh (apt-get install python3-numpy python3-sklearn).";
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return $"{Python} cannot be started ({e.Message}). Install Python 3 with numpy and scikit-learn: scripts/setup.sh.";
        }
    }
}

using System.Diagnostics;
using System.Globalization;
using Berth.Errors;
using Berth.Files;

namespace Berth.Access;

/// <summary>
/// What another user may read, as the kernel decides it: <c>find</c> runs under that user's uid, gid and groups
/// (setpriv(1)) and lists the first file it cannot read or folder it cannot list. Needs the privilege to switch users
/// (a server running as root); a server running as one user cannot check for another.
/// </summary>
public static class ReadAccess
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    /// <summary>This process's effective uid.</summary>
    public static uint EffectiveUserId => NativeFiles.GetEffectiveUserId();

    /// <summary>
    /// The first path under <paramref name="path"/> (itself included) that user <paramref name="uid"/> cannot read, or
    /// null when every file is readable and every folder listable by that user.
    /// </summary>
    public static async Task<string?> FirstUnreadableAsync(string path, uint uid, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        if (uid == EffectiveUserId)
        {
            return await FindAsync(null, full, cancellationToken);
        }

        if (EffectiveUserId != 0)
        {
            throw new BerthException(
                ErrorCodes.PathForbidden,
                $"the server runs as uid {EffectiveUserId} and cannot check what uid {uid} may read, so it reads no server-side path for it",
                "send the files instead (the default of the CLI and SDK), or call from the server's own account");
        }

        var (gid, known) = await PrimaryGroupAsync(uid, cancellationToken);
        string[] user = ["--reuid=" + uid.ToString(CultureInfo.InvariantCulture), "--regid=" + gid.ToString(CultureInfo.InvariantCulture), known ? "--init-groups" : "--clear-groups", "--"];
        return await FindAsync(user, full, cancellationToken);
    }

    /// <summary>Throws <paramref name="code"/> naming the first path <paramref name="uid"/> cannot read.</summary>
    public static async Task EnsureReadableAsync(string path, uint uid, string what, string code, CancellationToken cancellationToken = default)
    {
        if (await FirstUnreadableAsync(path, uid, cancellationToken) is { } unreadable)
        {
            var where = unreadable == Path.GetFullPath(path) ? string.Empty : $": {unreadable} is not readable";
            throw new BerthException(
                code,
                $"{what} {Path.GetFullPath(path)} is not readable by the calling user (uid {uid}){where}",
                "the server reads a server-side path only where the caller may; fix the permissions, or send the files instead (the default of the CLI and SDK)");
        }
    }

    private static async Task<string?> FindAsync(string[]? asUser, string path, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(asUser is null ? "find" : "setpriv") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        IEnumerable<string> prefix = asUser is null ? Array.Empty<string>() : asUser.Append("find");
        foreach (var argument in prefix)
        {
            start.ArgumentList.Add(argument);
        }

        // The path is absolute, so find cannot take it for an option or an expression.
        foreach (var argument in new[] { "-P", path, "(", "-type", "d", "(", "!", "-readable", "-o", "!", "-executable", ")", "-o", "!", "-type", "d", "!", "-readable", ")", "-print", "-quit" })
        {
            start.ArgumentList.Add(argument);
        }

        var (exit, output, error) = await RunAsync(start, path, cancellationToken);
        var first = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        if (first is not null)
        {
            return first;
        }

        if (exit == 0)
        {
            return null;
        }

        // find could not even reach the path (a folder above it is not searchable, or it does not exist for that user).
        return error.Contains("No such file", StringComparison.Ordinal) && !File.Exists(path) && !Directory.Exists(path)
            ? throw new BerthException(ErrorCodes.FileNotFound, $"{path} does not exist", "check the path")
            : path;
    }

    private static async Task<(uint Gid, bool Known)> PrimaryGroupAsync(uint uid, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("getent") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("passwd");
        start.ArgumentList.Add(uid.ToString(CultureInfo.InvariantCulture));
        var (exit, output, _) = await RunAsync(start, $"uid {uid}", cancellationToken);
        var fields = output.Trim().Split(':');
        return exit == 0 && fields.Length > 3 && uint.TryParse(fields[3], NumberStyles.None, CultureInfo.InvariantCulture, out var gid)
            ? (gid, true)
            : (uid, false);
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(ProcessStartInfo start, string subject, CancellationToken cancellationToken)
    {
        using var process = Process.Start(start) ?? throw new BerthException(ErrorCodes.Internal, $"cannot start {start.FileName}", "install util-linux and findutils");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
            return (process.ExitCode, await output, await error);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new BerthException(ErrorCodes.Internal, $"checking what the caller may read of {subject} took longer than {Timeout.TotalMinutes:0} minutes", "register a smaller folder, or send the files instead", isTransient: true);
        }
    }
}

using Berth.Errors;
using Berth.Hosting;

namespace Berth.Server.Workspace;

/// <summary>
/// The workspace folder: <c>berth.db</c> (SQLite), <c>models/&lt;name&gt;/&lt;version&gt;/...</c> (immutable model
/// files), <c>tmp/</c> (registrations in progress; emptied at start), <c>logs/</c>, <c>computes/</c> (kubeconfig
/// copies), <c>server.json</c>.
/// </summary>
internal sealed class WorkspaceLayout
{
    public WorkspaceLayout(string root)
    {
        Root = Path.GetFullPath(root);
    }

    public string Root { get; }

    public string DatabasePath => Path.Combine(Root, "berth.db");

    public string ModelsDirectory => Path.Combine(Root, "models");

    public string TempDirectory => Path.Combine(Root, "tmp");

    public string LogsDirectory => Path.Combine(Root, "logs");

    public string LockPath => Path.Combine(Root, "server.lock");

    public string ServerInfoPath => Path.Combine(Root, "server.json");

    public string ServicesDirectory => Path.Combine(Root, "services");

    public string EnvironmentsDirectory => Path.Combine(Root, "envs");

    public string RouterDirectory => Path.Combine(Root, "router");

    /// <summary>Attached compute targets: <c>computes/&lt;name&gt;/kubeconfig</c>, the owner's only (credentials).</summary>
    public string ComputesDirectory => Path.Combine(Root, "computes");

    public string TokenPath => BerthHome.TokenPath(Root);

    /// <summary>The router's admin token, in its state folder: the server writes it before starting the router.</summary>
    public string RouterAdminTokenPath => Path.Combine(RouterDirectory, "admin-token");

    public string ServiceDirectory(string name) => Path.Combine(ServicesDirectory, name);

    public string ComputeDirectory(string name) => Path.Combine(ComputesDirectory, name);

    public string ModelVersionDirectory(string name, int version) => Path.Combine(ModelsDirectory, name, version.ToString());

    /// <summary>The folder named by BERTH_HOME, else ~/.berth.</summary>
    public static WorkspaceLayout FromEnvironment(string? overridePath = null)
    {
        return new WorkspaceLayout(overridePath ?? BerthHome.Resolve());
    }

    /// <summary>Creates the folders and proves the workspace is writable, or says why it is not.</summary>
    public void EnsureWritable()
    {
        try
        {
            Directory.CreateDirectory(Root, WorkspacePermissions.OwnerOnlyDirectory);
            Directory.CreateDirectory(ModelsDirectory, WorkspacePermissions.OwnerOnlyDirectory);
            Directory.CreateDirectory(TempDirectory, WorkspacePermissions.OwnerOnlyDirectory);
            Directory.CreateDirectory(LogsDirectory, WorkspacePermissions.OwnerOnlyDirectory);
            var probe = Path.Combine(TempDirectory, $".probe-{System.Environment.ProcessId}");
            File.WriteAllText(probe, "ok");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new BerthException(
                ErrorCodes.WorkspaceNotWritable,
                $"the workspace folder {Root} is not writable: {e.Message}",
                "set BERTH_HOME to a folder you can write to, or fix the folder's permissions");
        }
    }
}

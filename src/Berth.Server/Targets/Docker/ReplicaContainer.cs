using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Berth.Server.Targets.Docker;

/// <summary>
/// The container of one replica, as a pure function of its spec: what the engine runs, mounts, limits and publishes.
/// Paths inside are the platform's (<c>/var/azureml-app</c>); the replica program runs as the server's own user, so it
/// reads the owner-only workspace files it is given and what it writes in the slot folder stays the owner's.
/// </summary>
internal static class ReplicaContainer
{
    private const double GiB = 1024d * 1024 * 1024;

    /// <summary>Labels every replica container carries: the workspace, the service, its generation and replica, the slot folder's key.</summary>
    public static Dictionary<string, string> Labels(ReplicaSpec spec, string workspace) => new(StringComparer.Ordinal)
    {
        ["berth.workspace"] = workspace,
        ["berth.service"] = spec.ServiceName,
        ["berth.generation"] = spec.Generation.ToString(CultureInfo.InvariantCulture),
        ["berth.replica"] = spec.Id,
        ["berth.slot"] = SlotKey(spec.Directory),
    };

    /// <summary>12 hex of the slot folder's path: unique per workspace, service and replica.</summary>
    public static string SlotKey(string directory) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(directory))))[..12];

    /// <summary>berth-scoring's compiled score.cs cache inside the container (<c>$BERTH_HOME/cache/scripts</c> there).</summary>
    private const string ScriptCacheInside = "/tmp/berth/cache/scripts";

    /// <summary>The workspace's compiled score.cs cache, shared with the local target's replicas.</summary>
    public static string ScriptCache(string workspace) => Path.Combine(workspace, "cache", "scripts");

    /// <summary>
    /// The container of <paramref name="spec"/>. On the engine's bridge (<paramref name="hostNetwork"/> false) the replica
    /// listens on the container's port, published on 127.0.0.1 at a port the engine picks; on the host's network it
    /// listens on 127.0.0.1 itself at a free port it picks and publishes in its address file, as a local replica does.
    /// </summary>
    public static ContainerSpec For(ReplicaSpec spec, string workspace, string modelsDirectory, string name, string user, bool hostNetwork = false)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var launch = spec.Launch;
        var scriptCache = ScriptCache(workspace);
        var entry = Inside(launch.AppRoot, launch.EntryScript);
        var modelDir = Inside(launch.AppRoot, launch.ModelDir);
        var variables = ReplicaVariables.For(spec, ReplicaDockerfile.AppRoot, entry, modelDir, "/usr/bin/python3");
        variables["BERTH_HOME"] = "/tmp/berth"; // berth-scoring's compiled score.cs cache, inside the container
        variables["HOME"] = "/tmp";
        return new ContainerSpec(launch.Python, name)
        {
            Labels = Labels(spec, workspace),
            // The replica writes its output straight to the slot's log, as a local replica does: through the engine
            // (shim, json-file, the API's stream, Berth's follower) every logged request cost a third of a core.
            Entrypoint = ["/bin/sh", "-c", $"exec \"$@\" >>{ReplicaDockerfile.SlotDirectory}/log 2>&1", "berth-replica", .. ReplicaDockerfile.Entrypoint],
            Environment = variables,
            Command = ["--entry_script", entry, "--host", hostNetwork ? "127.0.0.1" : "0.0.0.0",
                "--port", hostNetwork ? "0" : ReplicaDockerfile.ContainerPort.ToString(CultureInfo.InvariantCulture),
                "--address_file", ReplicaDockerfile.SlotDirectory + "/address.json"],
            ReadOnlyBinds = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [launch.AppRoot] = ReplicaDockerfile.AppRoot,
                [modelsDirectory] = modelsDirectory,
            },
            ReadWriteBinds = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [spec.Directory] = ReplicaDockerfile.SlotDirectory,
                [scriptCache] = ScriptCacheInside, // score.cs compiles once per workspace, whatever runs it
            },
            MemoryBytes = spec.MemoryInGB is double gb ? (long)(gb * GiB) : null,
            NanoCpus = spec.Cpu is double cpu ? (long)(cpu * 1e9) : null,
            PublishPort = hostNetwork ? null : ReplicaDockerfile.ContainerPort,
            Network = hostNetwork ? "host" : null,
            WorkingDirectory = ReplicaDockerfile.AppRoot,
            User = user,
        };
    }

    /// <summary>Where a path under the app folder is inside the container.</summary>
    private static string Inside(string appRoot, string path)
    {
        var relative = Path.GetRelativePath(appRoot, path);
        return relative == "." ? ReplicaDockerfile.AppRoot : ReplicaDockerfile.AppRoot + "/" + relative.Replace(Path.DirectorySeparatorChar, '/');
    }
}

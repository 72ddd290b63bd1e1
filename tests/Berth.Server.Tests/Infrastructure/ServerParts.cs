using Berth.Server.Access;
using System.Net;
using System.Net.Sockets;
using Berth.Api.V1;
using Berth.Server.Registry;
using Berth.Server.Services;
using Berth.Server.Workspace;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Berth.Server.Tests.Infrastructure;

/// <summary>
/// The server's real parts over a fresh workspace, wired by <see cref="ServerHost"/> but not serving HTTP: tests call
/// the <see cref="ServiceManager"/> directly. The router and replicas it starts are real processes, killed on dispose.
/// </summary>
internal sealed class ServerParts : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ServerParts(TempFolder home, TempFolder files, WebApplication app)
    {
        Home = home;
        Files = files;
        _app = app;
    }

    public TempFolder Home { get; }

    public TempFolder Files { get; }

    public ServiceManager Manager => _app.Services.GetRequiredService<ServiceManager>();

    public ServiceStore Store => _app.Services.GetRequiredService<ServiceStore>();

    public ServiceOperations Operations => _app.Services.GetRequiredService<ServiceOperations>();

    /// <summary>The calling user of in-process calls: no connection, so the workspace's owner (the server-side path forms' rule).</summary>
    public Caller Caller => new(_app.Services.GetRequiredService<CallerAccess>(), new Microsoft.AspNetCore.Http.DefaultHttpContext());

    public static async Task<ServerParts> CreateAsync()
    {
        // The build copies the router's and the replica's apphosts (without their assemblies) next to this test
        // assembly, where the server would look first: point it at the real programs instead.
        Environment.SetEnvironmentVariable("BERTH_ROUTER_EXE", Program("Berth.Router", "berth-router"));
        Environment.SetEnvironmentVariable("BERTH_SCORING_EXE", Program("Berth.Scoring", "berth-scoring"));
        var home = new TempFolder("berth-home");
        var app = ServerHost.Build(new ServerOptions(new Uri("http://127.0.0.1:0"), home.Path));
        var parts = new ServerParts(home, new TempFolder("berth-files"), app);
        var model = parts.Files.WriteFile("model/weights.txt", "w");
        await app.Services.GetRequiredService<ModelStore>().RegisterAsync(new RegisterModelRequest("m", model), parts.Caller, CancellationToken.None);
        return parts;
    }

    /// <summary>An app folder with <paramref name="script"/> and a deployment config; returns the request that deploys it.</summary>
    public DeployServiceRequest App(string folder, string service, string script, string deploymentConfig)
    {
        Files.WriteFile($"{folder}/score.py", script);
        var ic = Files.WriteFile($"{folder}/inferenceconfig.json", """{"entryScript": "score.py", "sourceDirectory": "."}""");
        var dc = Files.WriteFile($"{folder}/deploymentconfig.json", deploymentConfig);
        return new DeployServiceRequest(service, ["m"], InferenceConfigPath: ic, DeploymentConfigPath: dc);
    }

    private static string Program(string project, string executable)
    {
        var configuration = Path.GetFileName(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory));
        var path = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", project, configuration, executable));
        return File.Exists(path) ? path : throw new InvalidOperationException($"{path} does not exist; build the solution first");
    }

    public static bool Listens(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The pids of every berth-scoring process whose command line names this workspace.</summary>
    public IReadOnlyList<int> ReplicaProcesses()
    {
        var result = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out var pid) && ReadCommandLine(pid) is { } commandLine
                && commandLine.Contains("berth-scoring", StringComparison.Ordinal) && commandLine.Contains(Home.Path, StringComparison.Ordinal)
                && !IsZombie(pid))
            {
                result.Add(pid);
            }
        }

        return result;
    }

    public async ValueTask DisposeAsync()
    {
        // As the server's stop does: cancel the rollouts (they stop the replicas they started), then end what is left.
        await Operations.StopAsync(TimeSpan.FromSeconds(20));
        // The stop file keeps the router's supervisor from starting the router again; then every process whose command
        // line names this workspace (supervisor shells first, then routers and replicas) is ended, twice over, so a router
        // started while the first sweep ran does not outlive the test.
        Directory.CreateDirectory(Home.Combine("router"));
        File.WriteAllText(Home.Combine("router", "stop"), string.Empty);
        for (var sweep = 0; sweep < 2; sweep++)
        {
            foreach (var pid in WorkspaceProcesses().OrderByDescending(p => p.Supervisor).Select(p => p.Pid))
            {
                try
                {
                    using var process = System.Diagnostics.Process.GetProcessById(pid);
                    process.Kill(entireProcessTree: true);
                }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
                {
                    // Already gone.
                }
            }
        }

        _app.Services.GetRequiredService<WorkspaceLock>().Dispose();
        await _app.DisposeAsync();
        Home.Dispose();
        Files.Dispose();
    }

    /// <summary>Every live process (router supervisor shells, routers, replicas) whose command line names this workspace.</summary>
    private List<(int Pid, bool Supervisor)> WorkspaceProcesses()
    {
        var result = new List<(int, bool)>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out var pid) && pid != Environment.ProcessId && ReadCommandLine(pid) is { } commandLine
                && commandLine.Contains(Home.Path, StringComparison.Ordinal) && !IsZombie(pid))
            {
                result.Add((pid, commandLine.Contains("berth-router-supervisor", StringComparison.Ordinal)));
            }
        }

        return result;
    }

    private static string? ReadCommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static bool IsZombie(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal);
        }
        catch (IOException)
        {
            return true;
        }
    }
}

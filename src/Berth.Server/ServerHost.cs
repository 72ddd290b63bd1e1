using System.Text.Json;
using Berth.Errors;
using Berth.Security;
using Berth.Server.Access;
using Berth.Server.Api;
using Berth.Server.Compute;
using Berth.Server.Deployment;
using Berth.Server.Registry;
using Berth.Server.Routing;
using Berth.Server.Services;
using Berth.Server.Targets;
using Berth.Server.Targets.Docker;
using Berth.Server.Targets.Local;
using Berth.Server.Uploads;
using Berth.Server.Workspace;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Json;

namespace Berth.Server;

/// <summary>Builds the control-plane web application over one workspace.</summary>
internal static class ServerHost
{
    public static WebApplication Build(ServerOptions options)
    {
        // Everything the server and its children create (database, logs, app folders) is the owner's only.
        _ = NativeMethods.Umask(NativeMethods.OwnerOnlyMask); // returns the previous mask; it cannot fail
        var listen = new ServerListen(options);
        var layout = WorkspaceLayout.FromEnvironment(options.Home);
        layout.EnsureWritable();
        var workspaceLock = WorkspaceLock.Acquire(layout);
        WorkspacePermissions.Tighten(layout);
        var gate = new ApiGate(SecretFile.ReadOrCreate(layout.TokenPath), listen.Hosts, TokenHint(layout));
        var database = new WorkspaceDatabase(layout);
        database.EnsureSchema();

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.AddSimpleConsole(o => o.TimestampFormat = "yyyy-MM-dd HH:mm:ss ");
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("System.Net.Http", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting", LogLevel.Critical); // start failures are reported as error/hint
        builder.WebHost.ConfigureKestrel(listen.Configure);
        builder.Services.Configure<JsonOptions>(o => ApiJson.Configure(o.SerializerOptions));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(layout);
        builder.Services.AddSingleton(gate);
        builder.Services.AddSingleton(database);
        builder.Services.AddSingleton(workspaceLock);
        builder.Services.AddSingleton(UploadOptions.From(options));
        builder.Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(options));
        builder.Services.AddSingleton<UploadStore>();
        builder.Services.AddSingleton<CallerAccess>();
        builder.Services.AddSingleton<DeployInputs>();
        builder.Services.AddSingleton<ModelStore>();
        builder.Services.AddSingleton<EnvironmentStore>();
        builder.Services.AddSingleton<ComputeStore>();
        builder.Services.AddSingleton<ComputeAttacher>();
        builder.Services.AddHttpClient();
        builder.Services.AddSingleton(new RouterLinkOptions(0)); // a free port the first time, then router.json's
        builder.Services.AddSingleton<RouterLink>();
        builder.Services.AddSingleton<ServiceStore>();
        builder.Services.AddSingleton<EvidenceCollector>();
        builder.Services.AddSingleton(options.Backoff);
        builder.Services.AddSingleton<ReplicaSupervisor>();
        builder.Services.AddSingleton<Autoscaler>();
        builder.Services.AddSingleton<PythonEnvironment>();
        builder.Services.AddSingleton<LocalMachine>();
        builder.Services.AddSingleton<IDeploymentTarget, LocalTarget>();
        builder.Services.AddSingleton(_ => new DockerEngine());
        builder.Services.AddSingleton<DockerTarget>();
        builder.Services.AddSingleton<IDeploymentTarget>(s => s.GetRequiredService<DockerTarget>());
        builder.Services.AddSingleton<IDeploymentTarget, Targets.Kubernetes.KubernetesTarget>();
        builder.Services.AddSingleton<DeploymentTargets>();
        builder.Services.AddSingleton<DeployValidator>();
        builder.Services.AddSingleton<ServiceOperations>();
        builder.Services.AddSingleton<ServiceDeployer>();
        builder.Services.AddSingleton<ServiceManager>();
        builder.Services.AddSingleton<ServiceDebugger>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ServiceManager>());
        builder.Services.AddHostedService<ServerAnnouncer>();
        builder.Services.AddProblemDetails();

        var app = builder.Build();
        app.UseMiddleware<ProblemDetailsMiddleware>();
        app.UseMiddleware<ApiGuard>();
        app.MapHealthEndpoints();
        app.MapUploadEndpoints();
        app.MapModelEndpoints();
        app.MapEnvironmentEndpoints();
        app.MapComputeEndpoints();
        app.MapServiceEndpoints();
        app.MapFallback((RequestDelegate)(_ => throw new BerthException(ErrorCodes.RequestInvalid + ".route", "no such API route", "the API lives under /api/v1/; see `berth --help`")));
        app.Lifetime.ApplicationStarted.Register(() => OnStarted(app, layout, workspaceLock, listen));

        // After a clean stop (SIGTERM, Ctrl+C) server.json goes with the lock; only a crash leaves it (and the next server replaces it).
        app.Lifetime.ApplicationStopped.Register(workspaceLock.Dispose);
        return app;
    }

    private static string TokenHint(WorkspaceLayout layout) =>
        $"the berth CLI and SDK send the token from BERTH_TOKEN, else $BERTH_HOME/token; this server's token is in {layout.TokenPath} (readable by its owner only)";

    /// <summary>Recovers interrupted registrations, publishes server.json and warns when listening beyond loopback; <see cref="ServerAnnouncer"/> logs the start line.</summary>
    private static void OnStarted(WebApplication app, WorkspaceLayout layout, WorkspaceLock workspaceLock, ServerListen listen)
    {
        var removed = app.Services.GetRequiredService<ModelStore>().Recover().Concat(app.Services.GetRequiredService<ComputeStore>().Recover()).ToList();
        var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        workspaceLock.Publish(url);
        if (listen.ExposureWarning(url, layout.TokenPath) is { } warning)
        {
            Console.Error.WriteLine(warning);
        }

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Berth.Server");
        foreach (var path in removed)
        {
            ServerLog.RemovedLeftover(logger, path);
        }
    }
}

/// <summary>JSON settings shared by every API response.</summary>
internal static class ApiJson
{
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.WriteIndented = false;
        options.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
    }
}

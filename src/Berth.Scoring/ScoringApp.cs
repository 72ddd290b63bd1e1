using System.Net;
using System.Reflection;
using System.Runtime.InteropServices;
using Berth.Errors;
using Berth.Hosting;
using Berth.Scoring.Hosting;
using Berth.Scoring.Http;
using Berth.Scoring.Inference;
using Berth.Scoring.Logging;
using Berth.Scoring.Metrics;
using Berth.Scoring.Onnx;
using Berth.Scoring.Options;
using Berth.Scoring.Python;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using OpenTelemetry.Metrics;

namespace Berth.Scoring;

/// <summary>Starts a replica: options, banner, entry-script host, then Kestrel; runs until a signal or a fatal error.</summary>
internal static class ScoringApp
{
    public static string Version { get; } =
        typeof(ScoringApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public static async Task<int> RunAsync(string[] args, TimeProvider time)
    {
        var parsed = OptionsParser.Parse(args, Environment.GetEnvironmentVariable, Environment.CurrentDirectory);
        if (parsed.Help || parsed.Version)
        {
            Console.Out.WriteLine(parsed.Help ? HelpText.Value : $"berth-scoring {Version}");
            return ExitCodes.Ok;
        }

        if (parsed.Options is not { } options)
        {
            foreach (var error in parsed.Errors) Console.Error.WriteLine($"error: {error}");
            Console.Error.WriteLine("hint: run berth-scoring --help for the options");
            return ExitCodes.Usage;
        }

        // The secret is the router's, not the script's: the Python workers and score.cs do not inherit it.
        Environment.SetEnvironmentVariable(Berth.Security.ReplicaSecret.EnvironmentVariable, null);

        await using var log = new PlatformLog(time, Console.OpenStandardOutput(), options.LogLevel == "DEBUG");
        foreach (var warning in parsed.Warnings) log.Warning(LogNames.Server, warning);
        try
        {
            return await ServeAsync(options, log, time).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            log.Error(LogNames.Master, $"berth-scoring failed: {e}");
            return ExitCodes.Crash;
        }
    }

    private static async Task<int> ServeAsync(ScoringOptions options, PlatformLog log, TimeProvider time)
    {
        var serverVersion = $"berth-scoring/{Version}";
        Banner.PrintSettings(log, options, Version, serverVersion);
        if (!File.Exists(options.EntryScript))
        {
            log.Error(LogNames.UserScript, options.Runtime == ScriptRuntime.Onnx
                ? $"{Berth.Hosting.ReplicaLogMarkers.OnnxLoadFailed}{options.EntryScript}: the file does not exist."
                : $"No score script found. Expected score script {options.EntryScript}.");
            return ExitCodes.BootFailed;
        }

        using var lifetime = new ReplicaLifetime();
        using var signals = OnSignals(lifetime);
        var identity = ModelIdentity.From(options);
        await using var host = CreateHost(options, identity, log, lifetime, time);
        var queue = new SlotQueue(host.Slots, options.MaxQueueLength, TimeSpan.FromMilliseconds(options.MaxQueueWaitMs), time);
        try
        {
            await host.StartAsync(queue, lifetime.Stopping).ConfigureAwait(false);
        }
        catch (BerthException e) when (e.Code == BootFailure.Code)
        {
            log.Error(LogNames.UserScript, e.Message);
            return ExitCodes.BootFailed;
        }
        catch (OperationCanceledException)
        {
            return ExitCodes.Ok;
        }

        using var metrics = new ScoringMetrics(queue, () => (host as PythonHost)?.Restarts ?? 0, () => (host as OnnxHost)?.BatchCounts ?? default);
        var model = host as IInferenceModel ?? new ScriptInferenceModel(host, queue, identity, options);
        var handler = new ScoringHandler(options, host, queue, metrics, log, time, serverVersion, model, identity);
        await using var app = BuildWebApp(options, handler);
        try
        {
            await app.StartAsync(lifetime.Stopping).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            log.Error(LogNames.Master, $"Connection in use: ('{options.Host}', {options.Port}): {e.Message}");
            return ExitCodes.PortUnavailable;
        }

        var url = AnnounceListening(app, options, log);
        if (!PublishAddress(options, url, log))
        {
            await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
            return ExitCodes.Crash;
        }

        await WaitForStopAsync(lifetime.Stopping).ConfigureAwait(false);
        log.Info(LogNames.Master, "Shutting down");
        await app.StopAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        return lifetime.ExitCode;
    }

    /// <summary>Logs the machine-readable <c>Listening at: http://127.0.0.1:PORT (PID)</c> line (the port is the real one
    /// when 0 was asked for), then the routes; returns the address.</summary>
    private static string AnnounceListening(WebApplication app, ScoringOptions options, PlatformLog log)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.ToList();
        var port = new Uri(addresses[0]).Port;
        var host = options.Host.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{options.Host}]" : options.Host.ToString();
        log.Info(LogNames.Master, $"Listening at: http://{host}:{port} ({Environment.ProcessId})");
        if (addresses.Count > 1) log.Info(LogNames.Master, $"Health endpoint listening at: http://{host}:{new Uri(addresses[1]).Port} ({Environment.ProcessId})");
        Banner.PrintRoutes(log, $"{host}:{port}");
        return $"http://{host}:{port}";
    }

    /// <summary>Writes the address and pid to --address_file (temp + rename), so whoever started the replica reads it whole.</summary>
    private static bool PublishAddress(ScoringOptions options, string url, PlatformLog log)
    {
        if (options.AddressFile is not { } path)
        {
            return true;
        }

        try
        {
            ReplicaAddressFile.Write(path, new ReplicaAddress(url, Environment.ProcessId));
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log.Error(LogNames.Master, $"could not write the address file {path}: {e.Message}");
            return false;
        }
    }

    private static IEntryScriptHost CreateHost(ScoringOptions o, ModelIdentity identity, PlatformLog log, ReplicaLifetime lifetime, TimeProvider time)
    {
        if (o.Runtime == ScriptRuntime.Onnx)
        {
            return new OnnxHost(o, identity, log, time);
        }

        if (o.Runtime == ScriptRuntime.CSharp)
        {
            return new CSharp.CSharpHost(o, log, time);
        }

        var workerScript = Path.Combine(AppContext.BaseDirectory, "pyhost", "berth_worker.py");
        var settings = new WorkerSettings(o.PythonExecutable, workerScript, o.EntryScript, o.AppRoot, o.ModelDir,
            o.SourceDirectory, o.ScoringTimeoutMs, o.LogLevel) { DebugPort = o.DebugPort, DebugWait = o.DebugWait };
        return new PythonHost(settings, o.WorkerCount, log, lifetime, time);
    }

    private static WebApplication BuildWebApp(ScoringOptions options, ScoringHandler handler)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
        {
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
            k.Listen(new IPEndPoint(options.Host, options.Port));
            if (options.HealthPort is { } health) k.Listen(new IPEndPoint(options.Host, health));
        });
        builder.Services.AddOpenTelemetry().WithMetrics(m => m.AddMeter(ScoringMetrics.MeterName).AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0));
        var app = builder.Build();
        app.UseOpenTelemetryPrometheusScrapingEndpoint(c => c.Request.Path == "/metrics" && (HttpMethods.IsGet(c.Request.Method) || HttpMethods.IsHead(c.Request.Method)) && handler.Authorized(c));
        app.Run(new RequestDelegate(handler.HandleAsync));
        return app;
    }

    private static CompositeDisposable OnSignals(ReplicaLifetime lifetime)
    {
        void Handle(PosixSignalContext context)
        {
            context.Cancel = true;
            lifetime.Stop();
        }

        var registrations = new[]
        {
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle),
            PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle),
        };
        return new CompositeDisposable(registrations);
    }

    private static async Task WaitForStopAsync(CancellationToken stopping)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }

    private sealed class CompositeDisposable(IDisposable[] items) : IDisposable
    {
        public void Dispose()
        {
            foreach (var item in items) item.Dispose();
        }
    }
}

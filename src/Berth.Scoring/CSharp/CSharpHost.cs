using System.Text;
using System.Text.Json;
using Berth.Scoring.Hosting;
using Berth.Scoring.Logging;
using Berth.Scoring.Options;

namespace Berth.Scoring.CSharp;

/// <summary>
/// Runs score.cs in process: compiled with Roslyn at start (cached by content hash), Init() once,
/// Run() concurrently on up to <see cref="ScoringOptions.MaxConcurrentRequests"/> requests. A Run()
/// past the scoring timeout is answered at the deadline; its slot comes back when Run() returns.
/// </summary>
internal sealed class CSharpHost : IEntryScriptHost
{
    private readonly ScoringOptions _options;
    private readonly PlatformLog _log;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;
    private ScriptEntry? _entry;
    private SlotQueue? _queue;

    public CSharpHost(ScoringOptions options, PlatformLog log, TimeProvider time)
    {
        _time = time;
        _options = options;
        _log = log;
        _timeout = TimeSpan.FromMilliseconds(options.ScoringTimeoutMs);
    }

    public int Slots => _options.MaxConcurrentRequests;

    public bool HandlesOptions => false;

    public string? Schema => null;

    public async Task StartAsync(SlotQueue queue, CancellationToken cancellationToken)
    {
        _queue = queue;
        Environment.SetEnvironmentVariable("AML_APP_ROOT", _options.AppRoot);
        Environment.SetEnvironmentVariable("AZUREML_ENTRY_SCRIPT", _options.EntryScript);
        if (_options.ModelDir is not null) Environment.SetEnvironmentVariable("AZUREML_MODEL_DIR", _options.ModelDir);
        Console.SetOut(new LogTextWriter(_log, LogNames.Print));
        _log.Info(LogNames.UserScript, $"Found user script at {_options.EntryScript}");
        var libraries = ScriptLibraries.Find(Path.GetDirectoryName(_options.EntryScript), _options.SourceDirectory);
        if (libraries.Count > 0) _log.Info(LogNames.UserScript, $"Referencing {string.Join(", ", libraries.Select(Path.GetFileName))}");
        ScriptLibraries.InstallResolver(libraries);
        var assembly = new ScriptCompiler(_options.CacheDirectory, _log).Compile(_options.EntryScript, libraries);
        _entry = ScriptEntry.Bind(assembly);
        _log.Info(LogNames.UserScript, $"Run() takes {_entry.InputType.Name}. Server will invoke {_entry.Type.Name}.Run with the input {Describe(_entry.InputType)}.");
        await InitAsync(_entry).ConfigureAwait(false);
        _log.Info(LogNames.Server, $"Scoring timeout is set to {_options.ScoringTimeoutMs}");
        for (var i = 0; i < Slots; i++) queue.Release(i);
    }

    private static string Describe(Type input) =>
        input == typeof(string) ? "in JSON string" : input == typeof(byte[]) ? "as raw bytes" : "read from the JSON body";

    private async Task InitAsync(ScriptEntry entry)
    {
        _log.Info(LogNames.UserScript, "Invoking user's init function");
        try
        {
            await entry.InitAsync().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            _log.Error(LogNames.UserScript, "User's init function failed");
            _log.Error(LogNames.UserScript, $"Encountered Exception {e}");
            if (ScriptModelDir.Resolve(_options) is { } dir && Directory.Exists(dir))
            {
                _log.Info(LogNames.UserScript, "Model Directory Contents:" + ModelDirListing.Render(dir));
            }

            throw BootFailure.Create($"init() raised {e.GetType().Name}: {e.Message}");
        }

        _log.Info(LogNames.UserScript, "Users's init has completed successfully");
    }

    public async Task<ScoreOutcome> ScoreAsync(int slot, ScoreRequest request)
    {
        var entry = _entry!;
        var input = Bind(entry, request, out var rejected);
        if (rejected is not null)
        {
            _queue!.Release(slot);
            return rejected;
        }

        var headers = entry.WantsHeaders ? Headers(request) : null;
        var started = _time.GetTimestamp();
        var run = Task.Run(() => entry.RunAsync(input, headers).AsTask());
        object? result;
        try
        {
            result = await run.WaitAsync(_timeout, _time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _log.Error(LogNames.Server, $"Scoring timeout after {_options.ScoringTimeoutMs} ms");
            _ = run.ContinueWith(_ => _queue!.Release(slot), TaskScheduler.Default);
            return ScoreOutcome.TimedOut();
        }
        catch (Exception e)
        {
            _queue!.Release(slot);
            _log.Error(LogNames.Server, $"Encountered Exception: {e}");
            return ScoreOutcome.RunError($"{e.GetType().Name}: {e.Message}");
        }

        _queue!.Release(slot);
        try
        {
            return ScriptJson.Write(result, _time.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or ArgumentException)
        {
            _log.Error(LogNames.Server, $"Encountered Exception: {e}");
            return ScoreOutcome.Internal($"{e.GetType().Name}: {e.Message}");
        }
    }

    private static object? Bind(ScriptEntry entry, ScoreRequest request, out ScoreOutcome? rejected)
    {
        rejected = null;
        var body = request.Method == ScoreMethod.Get
            ? Encoding.UTF8.GetBytes(InputText.QueryToJson(request.QueryString))
            : System.Runtime.InteropServices.MemoryMarshal.TryGetArray(request.Body, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
                ? segment.Array
                : request.Body.ToArray();
        if (entry.InputType == typeof(byte[])) return body;
        if (InputText.Utf8Error(body) is { } utf8)
        {
            rejected = ScoreOutcome.Client(400, $"Input cannot be decoded as UTF-8: {utf8}");
            return null;
        }

        if (entry.InputType == typeof(string)) return Encoding.UTF8.GetString(body);
        var input = ScriptJson.Read(body, entry.InputType, out var error);
        if (error is not null) rejected = ScoreOutcome.Client(400, error);
        return input;
    }

    private static Dictionary<string, string> Headers(ScoreRequest request)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in request.Headers) headers[name] = value.ToString();
        return headers;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

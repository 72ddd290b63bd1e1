using Berth.Scoring.Hosting;
using Berth.Scoring.Http;
using Berth.Scoring.Inference;
using Berth.Scoring.Logging;
using Berth.Scoring.Options;

namespace Berth.Scoring.Onnx;

/// <summary>
/// Serves an .onnx model with no entry script: ONNX Runtime loads it once at start; /score takes JSON lists and the
/// Open Inference Protocol takes tensors; up to <see cref="ScoringOptions.MaxConcurrentRequests"/> runs at once, each
/// under the scoring timeout. With <see cref="ScoringOptions.MaxBatchSize"/> above 1 and a model whose inputs and
/// outputs all have a dynamic first axis, concurrent requests go through the <see cref="DynamicBatcher"/>.
/// </summary>
internal sealed class OnnxHost : IEntryScriptHost, IInferenceModel
{
    public const string Platform = "onnxruntime_onnx";
    private readonly ScoringOptions _options;
    private readonly ModelIdentity _identity;
    private readonly PlatformLog _log;
    private readonly TimeProvider _time;
    private readonly TimeSpan _timeout;
    private OnnxModel? _model;
    private DynamicBatcher? _batcher;
    private SlotQueue? _queue;

    public OnnxHost(ScoringOptions options, ModelIdentity identity, PlatformLog log, TimeProvider time)
    {
        _options = options;
        _identity = identity;
        _log = log;
        _time = time;
        _timeout = TimeSpan.FromMilliseconds(options.ScoringTimeoutMs);
        Metadata = new ModelMetadata(identity.Name, identity.Version, Platform, [], []);
    }

    public int Slots => _options.MaxConcurrentRequests;

    public bool HandlesOptions => false;

    public string? Schema => null;

    public ModelMetadata Metadata { get; private set; }

    /// <summary>The batcher's counts (runs, stacked runs, requests in them); zeros without batching.</summary>
    public (long Runs, long Batches, long BatchedRequests) BatchCounts =>
        _batcher is { } b ? (b.Runs, b.Batches, b.BatchedRequests) : (0, 0, 0);

    public Task StartAsync(SlotQueue queue, CancellationToken cancellationToken)
    {
        _queue = queue;
        var settings = OnnxSessionSettings.From(_options);
        _log.Info(LogNames.UserScript, $"Loading ONNX model {_options.EntryScript} ({settings.Describe()})");
        _model = OnnxModel.Load(_options.EntryScript, settings, _log);
        Metadata = Metadata with { Inputs = _model.Inputs, Outputs = _model.Outputs };
        _log.Info(LogNames.UserScript, $"ONNX model '{_identity.Name}' version {_identity.Version}: inputs {Describe(_model.Inputs)}; outputs {Describe(_model.Outputs)}");
        if (_options.MaxBatchSize > 1)
        {
            if (Batchable(_model))
            {
                _batcher = new DynamicBatcher(_model.Run, _options.MaxBatchSize, TimeSpan.FromMilliseconds(_options.MaxBatchDelayMs), _time);
                _log.Info(LogNames.Server, $"Dynamic batching: up to {_options.MaxBatchSize} rows per run, waiting up to {_options.MaxBatchDelayMs} ms for a batch to fill");
            }
            else
            {
                _log.Warning(LogNames.Server, "Dynamic batching is off: the model's inputs and outputs must all have a dynamic first axis (-1) to be stacked.");
            }
        }

        _log.Info(LogNames.Server, $"Scoring timeout is set to {_options.ScoringTimeoutMs}");
        for (var i = 0; i < Slots; i++) queue.Release(i);
        return Task.CompletedTask;
    }

    private static bool Batchable(OnnxModel model) =>
        model.Inputs.Concat(model.Outputs).All(t => t.Shape.Length > 0 && t.Shape[0] < 0);

    private static string Describe(IEnumerable<TensorMetadata> tensors) =>
        string.Join(", ", tensors.Select(t => $"{t.Name} {t.Datatype.Name()} {Tensor.Describe(t.Shape)}"));

    public async Task<ScoreOutcome> ScoreAsync(int slot, ScoreRequest request)
    {
        List<Tensor> inputs;
        try
        {
            if (request.Method != ScoreMethod.Post) throw InferenceInputException.BadRequest("An ONNX model is scored with POST and a JSON body.");
            inputs = OnnxScoreBody.Read(request.Body, _model!.Inputs);
        }
        catch (InferenceInputException e)
        {
            _queue!.Release(slot);
            return ScoreOutcome.Client(e.Status, e.Message);
        }

        var started = _time.GetTimestamp();
        var (outputs, failure) = await RunAsync(slot, inputs).ConfigureAwait(false);
        return failure ?? ScoreOutcome.Json(OnnxScoreBody.Write(outputs!), _time.GetElapsedTime(started).TotalMilliseconds);
    }

    public async Task<InferenceResult> InferAsync(int slot, InferenceRequest request)
    {
        try
        {
            InferenceChecks.Validate(request, Metadata);
        }
        catch (InferenceInputException)
        {
            _queue!.Release(slot);
            throw;
        }

        var (outputs, failure) = await RunAsync(slot, request.Inputs).ConfigureAwait(false);
        if (failure is null) return new InferenceResult(outputs!);
        return InferenceResult.Failed(failure.Kind == OutcomeKind.Timeout
            ? ErrorMessages.Timeout(_options.ScoringTimeoutMs)
            : $"ONNX Runtime could not run the model: {System.Text.Encoding.UTF8.GetString(failure.Body.Span)}");
    }

    /// <summary>Runs the inputs (batched when possible) under the scoring timeout; the slot comes back when the run ends.</summary>
    private async Task<(IReadOnlyList<Tensor>? Outputs, ScoreOutcome? Failure)> RunAsync(int slot, IReadOnlyList<Tensor> inputs)
    {
        var model = _model!;
        var run = _batcher is { } batcher ? batcher.RunAsync(inputs) : Task.Run(() => model.Run(inputs));
        try
        {
            var outputs = await run.WaitAsync(_timeout, _time).ConfigureAwait(false);
            _queue!.Release(slot);
            return (outputs, null);
        }
        catch (TimeoutException)
        {
            _log.Error(LogNames.Server, $"Scoring timeout after {_options.ScoringTimeoutMs} ms");
            _ = run.ContinueWith(_ => _queue!.Release(slot), TaskScheduler.Default);
            return (null, ScoreOutcome.TimedOut());
        }
        catch (Exception e)
        {
            _queue!.Release(slot);
            _log.Error(LogNames.Server, $"Encountered Exception: {e}");
            return (null, ScoreOutcome.RunError(e.Message));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_batcher is not null) await _batcher.DisposeAsync().ConfigureAwait(false);
        _model?.Dispose();
    }
}

using System.Text;
using System.Text.Json;
using Berth.Scoring.Hosting;
using Berth.Scoring.Http;
using Berth.Scoring.Options;

namespace Berth.Scoring.Inference;

/// <summary>
/// The Open Inference Protocol over an entry script's run(). The request's tensors become the JSON body run() gets,
/// as a /score client would send it: one input is <c>{"data": &lt;nested list&gt;}</c>, several are
/// <c>{"&lt;input name&gt;": &lt;nested list&gt;, ...}</c> (nested by each input's shape; BYTES as strings). run()'s
/// result becomes one output named <c>output</c>: FP64 with the result's shape when it is a number or a rectangular
/// list of numbers, else BYTES of shape [1] holding the result's JSON text (a returned string as itself, a raw
/// AMLResponse body as its text).
/// </summary>
internal sealed class ScriptInferenceModel(IEntryScriptHost host, SlotQueue queue, ModelIdentity identity, ScoringOptions options) : IInferenceModel
{
    public const string OutputName = "output";

    public ModelMetadata Metadata { get; } = new(identity.Name, identity.Version,
        options.Runtime == ScriptRuntime.CSharp ? "berth_score_cs" : "berth_score_py", null, []);

    public async Task<InferenceResult> InferAsync(int slot, InferenceRequest request)
    {
        var wrong = request.Outputs?.FirstOrDefault(o => o.Name != OutputName);
        if (wrong is not null)
        {
            queue.Release(slot);
            throw InferenceInputException.BadRequest($"Output '{wrong.Name}' is not an output of model '{identity.Name}'; an entry script's run() has one output, '{OutputName}'.");
        }

        var headers = new HeaderDictionary { ["Content-Type"] = "application/json" };
        var score = new ScoreRequest { Method = ScoreMethod.Post, QueryString = "", Headers = headers, Body = RunBody(request.Inputs) };
        var outcome = await host.ScoreAsync(slot, score).ConfigureAwait(false);
        return outcome.Kind switch
        {
            OutcomeKind.Ok => new InferenceResult([Output(outcome.Body)]),
            OutcomeKind.Response when outcome.Status is >= 200 and < 300 => new InferenceResult([Output(outcome.Body)]),
            OutcomeKind.ClientError => throw new InferenceInputException(outcome.Status, Encoding.UTF8.GetString(outcome.Body.Span)),
            OutcomeKind.Timeout => InferenceResult.Failed(ErrorMessages.Timeout(options.ScoringTimeoutMs)),
            OutcomeKind.RunFailed => InferenceResult.Failed(WithDetail(ErrorMessages.RunFailed, outcome.Body)),
            _ => await OtherAsync(outcome).ConfigureAwait(false),
        };
    }

    private async Task<InferenceResult> OtherAsync(ScoreOutcome outcome)
    {
        if (outcome.Stream is { } stream) await stream.DisposeAsync().ConfigureAwait(false);
        return outcome.Kind switch
        {
            OutcomeKind.Streamed => InferenceResult.Failed("run() returned a streamed response, which the Open Inference Protocol cannot carry; call /score instead."),
            OutcomeKind.Response => new InferenceResult([], outcome.Status, $"run() answered with status {outcome.Status}: {Encoding.UTF8.GetString(outcome.Body.Span)}"),
            _ => InferenceResult.Failed(WithDetail(ErrorMessages.Internal, outcome.Body)),
        };
    }

    private string WithDetail(string message, ReadOnlyMemory<byte> detail) =>
        options.ReturnErrorDetails && detail.Length > 0 ? $"{message} Detail: {Encoding.UTF8.GetString(detail.Span)}" : message;

    /// <summary>The JSON body run() gets for these inputs.</summary>
    public static byte[] RunBody(IReadOnlyList<Tensor> inputs)
    {
        using var json = new MemoryStream();
        using (var writer = new Utf8JsonWriter(json, new JsonWriterOptions { Encoder = JsonText.Options.Encoder }))
        {
            writer.WriteStartObject();
            foreach (var input in inputs)
            {
                writer.WritePropertyName(inputs.Count == 1 ? "data" : input.Name);
                TensorJson.WriteNested(writer, input.Data, input.Shape);
            }

            writer.WriteEndObject();
        }

        return json.ToArray();
    }

    /// <summary>run()'s JSON result as the one output.</summary>
    public static Tensor Output(ReadOnlyMemory<byte> result)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(result);
        }
        catch (JsonException)
        {
            // An AMLResponse with a body that is not JSON: its text as it is.
            return new Tensor(OutputName, TensorDatatype.Bytes, [1], new[] { Encoding.UTF8.GetString(result.Span) });
        }

        using var owned = document;
        var root = document.RootElement;
        if (root.ValueKind == JsonValueKind.Number) return new Tensor(OutputName, TensorDatatype.Fp64, [1], new[] { root.GetDouble() });
        if (root.ValueKind == JsonValueKind.String) return new Tensor(OutputName, TensorDatatype.Bytes, [1], new[] { root.GetString()! });
        if (root.ValueKind == JsonValueKind.Array && TensorJson.ShapeOf(root) is { } shape && AllNumbers(root))
        {
            var count = (int)Tensor.ElementCount(shape);
            return new Tensor(OutputName, TensorDatatype.Fp64, shape, TensorJson.Read(root, TensorDatatype.Fp64, count, "run() result"));
        }

        return new Tensor(OutputName, TensorDatatype.Bytes, [1], new[] { root.GetRawText() });
    }

    private static bool AllNumbers(JsonElement e) =>
        e.ValueKind == JsonValueKind.Array ? e.EnumerateArray().All(AllNumbers) : e.ValueKind == JsonValueKind.Number;
}

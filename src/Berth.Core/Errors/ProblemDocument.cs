using System.Text.Json;
using System.Text.Json.Nodes;

namespace Berth.Errors;

/// <summary>
/// The RFC 9457 problem details body that the server and the router write for every failure: <c>type</c>, <c>title</c>,
/// <c>status</c>, <c>detail</c>, <c>instance</c>, and Berth's <c>code</c>, <c>hint</c>, <c>isTransient</c>, <c>traceId</c>
/// and, for validation failures, <c>issues</c>. The status and transience come from <see cref="ErrorCatalog"/>.
/// </summary>
public static class ProblemDocument
{
    public const string ContentType = "application/problem+json";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The body for <paramref name="error"/>; <paramref name="extensions"/> adds members (e.g. a port's holder).</summary>
    public static JsonObject For(BerthException error, string instance, string traceId, IReadOnlyDictionary<string, object?>? extensions = null)
    {
        ArgumentNullException.ThrowIfNull(error);
        var kind = ErrorCatalog.Describe(error.Code);
        var body = new JsonObject
        {
            ["type"] = $"https://berth.dev/errors/{error.Code}",
            ["title"] = error.Code,
            ["status"] = kind.HttpStatus,
            ["detail"] = error.Message,
            ["instance"] = instance,
            ["code"] = error.Code,
            ["isTransient"] = error.IsTransient || kind.IsTransient,
            ["traceId"] = traceId,
        };
        if (error.Hint is not null)
        {
            body["hint"] = error.Hint;
        }

        if (error is ConfigValidationException validation)
        {
            body["issues"] = JsonSerializer.SerializeToNode(validation.Issues, Json);
        }

        foreach (var (name, value) in extensions ?? new Dictionary<string, object?>())
        {
            body[name] = JsonSerializer.SerializeToNode(value, Json);
        }

        return body;
    }

    /// <summary>The HTTP status <see cref="For"/> puts in the body.</summary>
    public static int StatusOf(BerthException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return ErrorCatalog.Describe(error.Code).HttpStatus;
    }

    /// <summary>Writes <paramref name="body"/> as UTF-8 JSON.</summary>
    public static Task WriteAsync(Stream stream, JsonObject body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        return JsonSerializer.SerializeAsync(stream, body, Json, cancellationToken);
    }
}

using System.Reflection;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.Scoring.Hosting;

namespace Berth.Scoring.CSharp;

/// <summary>JSON in and out of score.cs: the input bound to Run's parameter type, the result serialized like the platform does.</summary>
internal static class ScriptJson
{
    private const string JsonType = "application/json";

    /// <summary>Property names as declared; case-insensitive on input; public fields included.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = null,
        DictionaryKeyPolicy = null,
        IncludeFields = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static readonly byte[] EmptyObject = "{}"u8.ToArray();

    /// <summary>Reads JSON <paramref name="utf8"/> as <paramref name="type"/>; null with the 400 message when it cannot.</summary>
    public static object? Read(byte[] utf8, Type type, out string? error)
    {
        error = null;
        if (utf8.Length == 0)
        {
            error = "POST body is empty. Expecting a JSON document.";
            return null;
        }

        try
        {
            if (type == typeof(JsonDocument)) return JsonDocument.Parse(utf8);
            if (type == typeof(JsonNode) || type == typeof(JsonObject)) return JsonNode.Parse(utf8);
            return JsonSerializer.Deserialize(utf8, type, Options);
        }
        catch (JsonException e)
        {
            error = $"POST body could not be decoded as JSON: {e.Message}";
            return null;
        }
    }

    /// <summary>The platform's output rules: null gives {}, a string a JSON string literal, an AMLResponse is sent as it says.</summary>
    public static ScoreOutcome Write(object? result, double execMs)
    {
        if (result is null) return ScoreOutcome.Json(EmptyObject, execMs);
        var type = result.GetType();
        if (type.FullName == "Berth.Scoring.AMLResponse") return Response(result, type, execMs);
        return ScoreOutcome.Json(JsonSerializer.SerializeToUtf8Bytes(result, type, Options), execMs);
    }

    private static ScoreOutcome Response(object response, Type type, double execMs)
    {
        T Get<T>(string name) => (T)type.GetProperty(name, BindingFlags.Public | BindingFlags.Instance)!.GetValue(response)!;
        var message = Get<object?>("Message");
        var status = Get<int>("StatusCode");
        var jsonStr = Get<bool>("JsonStr");
        var failed = Get<bool>("RunFunctionFailed") || status >= 500;
        var headers = new List<KeyValuePair<string, string>>();
        string? contentType = null;
        foreach (var (name, value) in Get<IDictionary<string, string>>("ResponseHeaders"))
        {
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)) contentType = value;
            else headers.AddRange(value.Split(',').Select(v => new KeyValuePair<string, string>(name, v)));
        }

        byte[] body;
        if (message is null) (body, contentType) = (EmptyObject, JsonType);
        else if (jsonStr) (body, contentType) = (JsonSerializer.SerializeToUtf8Bytes(message, message.GetType(), Options), JsonType);
        else
        {
            body = message switch
            {
                byte[] bytes => bytes,
                string s => Encoding.UTF8.GetBytes(s),
                _ => Encoding.UTF8.GetBytes(message.ToString() ?? ""),
            };
            contentType ??= "text/html; charset=utf-8";
        }

        return new ScoreOutcome(OutcomeKind.Response, status, body, contentType, headers, execMs, failed);
    }
}

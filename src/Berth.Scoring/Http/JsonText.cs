using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Berth.Scoring.Http;

/// <summary>Small JSON helpers shaped like Python's <c>json.dumps</c> output.</summary>
internal static class JsonText
{
    public static readonly JsonSerializerOptions Options = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>A JSON string literal.</summary>
    public static string Quote(string value) => JsonSerializer.Serialize(value, Options);

    /// <summary><c>{"message": "..."}</c>, the body of every platform error.</summary>
    public static byte[] MessageBody(string message) =>
        Encoding.UTF8.GetBytes("{\"message\": " + Quote(message) + "}");
}

using System.Text.Json;
using Berth.Errors;

namespace Berth.Server.Api;

/// <summary>Reads a JSON request body into a contract, turning malformed input into a clear 400.</summary>
internal static class ApiRequest
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static async Task<T> ReadAsync<T>(HttpRequest request)
        where T : class
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(request.Body, Options, request.HttpContext.RequestAborted)
                ?? throw new BerthException(ErrorCodes.RequestInvalid, "the request body is empty", "send a JSON object");
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is long line ? $" at line {line + 1}, column {e.BytePositionInLine + 1}" : string.Empty;
            var field = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? string.Empty : $" (field {e.Path})";
            throw new BerthException(ErrorCodes.RequestInvalid, $"the request body is not valid JSON for {typeof(T).Name}{where}{field}", "send a JSON object with the documented fields");
        }
    }

    public static IReadOnlyDictionary<string, string>? ParseTagFilter(string[]? tags)
    {
        if (tags is null || tags.Length == 0)
        {
            return null;
        }

        var filter = new Dictionary<string, string>();
        foreach (var tag in tags)
        {
            var eq = tag.IndexOf('=');
            filter[eq < 0 ? tag : tag[..eq]] = eq < 0 ? string.Empty : tag[(eq + 1)..];
        }

        return filter;
    }
}

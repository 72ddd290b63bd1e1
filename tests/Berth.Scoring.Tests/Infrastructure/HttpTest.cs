using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Berth.Scoring.Tests.Infrastructure;

/// <summary>Request helpers; every call has a timeout.</summary>
internal static class HttpTest
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static Task<HttpResponseMessage> PostAsync(this HttpClient client, string path, string body, string? contentType = "application/json") =>
        client.SendAsync(Post(path, Encoding.UTF8.GetBytes(body), contentType)).WaitAsync(Timeout);

    public static HttpRequestMessage Post(string path, byte[] body, string? contentType)
    {
        var content = new ByteArrayContent(body);
        if (contentType is not null) content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
    }

    public static Task<HttpResponseMessage> SendWithTimeoutAsync(this HttpClient client, HttpRequestMessage request) =>
        client.SendAsync(request).WaitAsync(Timeout);

    public static Task<HttpResponseMessage> GetWithTimeoutAsync(this HttpClient client, string path) =>
        client.GetAsync(path).WaitAsync(Timeout);

    public static async Task<string> BodyAsync(this HttpResponseMessage response) =>
        await response.Content.ReadAsStringAsync().WaitAsync(Timeout);

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response) =>
        JsonDocument.Parse(await response.BodyAsync()).RootElement;

    public static string? Header(this HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values)
        : response.Content.Headers.TryGetValues(name, out var contentValues) ? string.Join(",", contentValues) : null;

    public static async Task<string> MessageAsync(this HttpResponseMessage response) =>
        (await response.JsonAsync()).GetProperty("message").GetString()!;
}

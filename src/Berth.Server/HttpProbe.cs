namespace Berth.Server;

/// <summary>"Does this address answer 2xx within 2 s?": the readiness probe for replicas (with their secret header) and the router.</summary>
internal static class HttpProbe
{
    public static async Task<bool> AnswersAsync(HttpClient client, string url, CancellationToken cancellationToken, (string Name, string Value)? header = null)
    {
        try
        {
            using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            cancel.CancelAfter(TimeSpan.FromSeconds(2));
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            if (header is var (name, value))
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            using var response = await client.SendAsync(request, cancel.Token);
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }
}

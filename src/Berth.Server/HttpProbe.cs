namespace Berth.Server;

/// <summary>"Does this address answer 2xx within 2 s?": the readiness probe for replicas and the router.</summary>
internal static class HttpProbe
{
    public static async Task<bool> AnswersAsync(HttpClient client, string url, CancellationToken cancellationToken)
    {
        try
        {
            using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            cancel.CancelAfter(TimeSpan.FromSeconds(2));
            using var response = await client.GetAsync(url, cancel.Token);
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }
}

using System.Net;

namespace Berth.EndToEnd.Tests.Infrastructure;

/// <summary>Requests one after another to a scoring URI until cancelled: how many succeeded and what the others got (an update's failed requests).</summary>
internal static class SequentialLoad
{
    public static async Task<(int Ok, List<string> Failed)> RunAsync(string uri, CancellationToken stop)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var ok = 0;
        var failed = new List<string>();
        while (!stop.IsCancellationRequested)
        {
            try
            {
                using var response = await client.PostAsync(uri, new StringContent("x"), CancellationToken.None);
                if (response.StatusCode == HttpStatusCode.OK) ok++;
                else failed.Add(((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                failed.Add($"{e.GetType().Name}: {e.Message}");
            }
        }

        return (ok, failed);
    }
}

using System.Net;

namespace Berth.EndToEnd.Tests.Infrastructure;

/// <summary>Requests one after another to a scoring URI until cancelled: how many succeeded and what the others got (an update's failed requests).</summary>
internal static class SequentialLoad
{
    /// <summary>Runs <c>berth service update</c> while requests go to the service's scoring URI; asserts the update succeeded and not one request failed.</summary>
    public static async Task UpdateWithoutAFailedRequestAsync(CliSession session, string service, string inferenceConfig)
    {
        using var show = System.Text.Json.JsonDocument.Parse((await session.BerthAsync("service", "show", service, "-o", "json")).StandardOutput);
        var uri = show.RootElement.GetProperty("scoringUri").GetString()!;
        using var load = new CancellationTokenSource();
        var traffic = RunAsync(uri, load.Token);
        var update = await session.BerthAsync("service", "update", service, "--ic", inferenceConfig);
        await load.CancelAsync();
        var (ok, failed) = await traffic;
        Assert.True(update.ExitCode == 0, update.ToString());
        Assert.True(ok > 0, $"no request succeeded during the update: {string.Join(", ", failed.Distinct())}");
        Assert.True(failed.Count == 0, $"{failed.Count} of {ok + failed.Count} requests failed during the update: {string.Join(", ", failed.Distinct())}");
    }

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

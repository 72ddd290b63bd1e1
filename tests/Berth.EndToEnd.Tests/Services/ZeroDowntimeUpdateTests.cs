using System.Collections.Concurrent;
using System.Text.Json;
using Berth.EndToEnd.Tests.Infrastructure;

namespace Berth.EndToEnd.Tests.Services;

/// <summary>`update` starts the new replicas and waits for them before the old ones stop: no request fails meanwhile.</summary>
public sealed class ZeroDowntimeUpdateTests : IAsyncLifetime
{
    private readonly CliSession _session = new();

    public Task InitializeAsync() => _session.InitializeAsync();

    public Task DisposeAsync() => _session.DisposeAsync();

    [Fact]
    public async Task Update_UnderContinuousLoad_LosesNoRequestAndSwitchesToTheNewModel()
    {
        await _session.BerthAsync("model", "register", "--name", "m", "--path", _session.Files.WriteFile("v1/weights.txt", "one"));
        await _session.BerthAsync("model", "register", "--name", "m", "--path", _session.Files.WriteFile("v2/weights.txt", "two"));
        const string Script = "import os\nw = None\n\ndef init():\n    global w\n    w = open(os.path.join(os.environ['AZUREML_MODEL_DIR'], 'weights.txt')).read()\n\ndef run(data):\n    return w\n";
        var app = ServiceApp.Write(_session.Files, "app", Script, """{"computeType": "local", "maxQueueWaitMs": 5000}""");
        Assert.Equal(0, (await _session.BerthAsync(app.DeployArguments("svc", "m:1"))).ExitCode);
        using var json = JsonDocument.Parse((await _session.BerthAsync("service", "show", "svc", "-o", "json")).StandardOutput);
        var uri = json.RootElement.GetProperty("scoringUri").GetString()!;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var results = new ConcurrentBag<(int Status, string Body)>();
        using var stop = new CancellationTokenSource();

        var load = Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var response = await http.PostAsync(uri, new StringContent("{}"));
                results.Add(((int)response.StatusCode, await response.Content.ReadAsStringAsync()));
            }
        })));
        var update = await _session.BerthAsync("service", "update", "svc", "--model", "m:2");

        // Keep the load on until the new generation has answered a few times (or a deadline passes), instead of a fixed pause.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (results.Count(r => r.Body == "\"two\"") < 5 && DateTime.UtcNow < deadline && !load.IsCompleted)
        {
            await Task.Delay(20);
        }

        await stop.CancelAsync();
        await load;

        Assert.True(update.ExitCode == 0, update.ToString());
        Assert.All(results, r => Assert.Equal(200, r.Status));
        Assert.Contains(results, r => r.Body == "\"one\"");
        Assert.Contains(results, r => r.Body == "\"two\"");
        Assert.True(results.Count > 20, $"only {results.Count} requests were made");
    }
}

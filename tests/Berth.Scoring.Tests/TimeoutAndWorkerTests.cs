using System.Diagnostics;
using System.Net;
using Berth.Scoring.Tests.Infrastructure;

namespace Berth.Scoring.Tests;

/// <summary>Scoring timeout, hung and crashed Python workers, and Model.get_model_path, against kitchen.py.</summary>
public sealed class TimeoutAndWorkerTests(PythonKitchenFixture fixture) : IClassFixture<PythonKitchenFixture>
{
    private static readonly TimeSpan Margin = TimeSpan.FromSeconds(2);
    private HttpClient Client => fixture.Client;

    [Theory]
    [InlineData("sleep")]
    [InlineData("hang")]
    public async Task RunPastTimeout_Is500TimeoutMessage_WithinTimeoutPlusMargin_AndTheReplicaKeepsServing(string kind)
    {
        var watch = Stopwatch.StartNew();
        using var response = await Client.PostAsync("/score", $"{{\"kind\": \"{kind}\", \"seconds\": 30}}");
        watch.Stop();
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal($"Scoring timeout after {PythonKitchenFixture.TimeoutMs} ms", await response.MessageAsync());
        Assert.Equal("True", response.Header("x-ms-run-function-failed"));
        Assert.True(watch.Elapsed < TimeSpan.FromMilliseconds(PythonKitchenFixture.TimeoutMs) + Margin, $"took {watch.Elapsed}");

        using var next = await Client.PostAsync("/score", "{\"kind\": \"str\"}");
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.Equal("\"hello\"", await next.BodyAsync());
    }

    [Fact]
    public async Task HungWorker_IsKilledAndBootedAgain()
    {
        using var response = await Client.PostAsync("/score", "{\"kind\": \"hang\", \"seconds\": 30}");
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        await fixture.Server.WaitForLineAsync(l => l.Contains("did not stop after the scoring timeout; killing it", StringComparison.Ordinal), HttpTest.Timeout);
        using var next = await Client.PostAsync("/score", "{\"kind\": \"str\"}");
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.True(fixture.Server.Lines.Count(l => l.Contains("Booting worker with pid: ", StringComparison.Ordinal)) >= 2);
    }

    [Fact]
    public async Task StreamCutShortByTheClient_ReplacesTheWorker_AndTheReplicaKeepsServing()
    {
        using (var client = new HttpClient { BaseAddress = fixture.Server.BaseAddress })
        using (var request = HttpTest.Post("/score", System.Text.Encoding.UTF8.GetBytes("{\"kind\": \"stream\", \"count\": 100, \"pause\": 0.1}"), "application/json"))
        using (var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).WaitAsync(HttpTest.Timeout))
        {
            await using var body = await response.Content.ReadAsStreamAsync();
            var first = new byte[9];
            await body.ReadExactlyAsync(first).AsTask().WaitAsync(HttpTest.Timeout);
            Assert.Equal("item: 0\n\n", System.Text.Encoding.UTF8.GetString(first));
        }

        await fixture.Server.WaitForLineAsync(l => l.Contains("was cut short; replacing the worker", StringComparison.Ordinal), HttpTest.Timeout);
        using var next = await Client.PostAsync("/score", "{\"kind\": \"str\"}");
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Fact]
    public async Task WorkerExitingInRun_Is500RunFailed_AndANewWorkerServes()
    {
        using var response = await Client.PostAsync("/score", "{\"kind\": \"exit\"}");
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("True", response.Header("x-ms-run-function-failed"));
        using var next = await Client.PostAsync("/score", "{\"kind\": \"str\"}");
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }

    [Fact]
    public async Task WorkerKilledWhileIdle_IsReplaced_AndTheNextRequestIsServed()
    {
        using var before = await Client.PostAsync("/score", "{\"kind\": \"pid\"}");
        var pid = (await before.JsonAsync()).GetInt32();
        using (var kill = Process.Start("kill", ["-KILL", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync().WaitAsync(HttpTest.Timeout);
        }

        await WaitUntilDeadAsync(pid);
        using var after = await Client.PostAsync("/score", "{\"kind\": \"pid\"}");
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.NotEqual(pid, (await after.JsonAsync()).GetInt32());
        Assert.Contains(fixture.Server.Lines, l => l.Contains($"Worker with pid {pid} exited while idle", StringComparison.Ordinal)
            || l.Contains($"Worker with pid {pid} was gone before it got the request", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WorkerKilledWithTheRequestUnread_RequestIsServedByANewWorker()
    {
        using var before = await Client.PostAsync("/score", "{\"kind\": \"pid\"}");
        var pid = (await before.JsonAsync()).GetInt32();
        await SignalAsync("-STOP", pid);
        try
        {
            // The stopped worker cannot read: the request waits in its socket, as when a worker dies just as a request is sent.
            var pending = Client.PostAsync("/score", "{\"kind\": \"pid\"}");
            Assert.True(await RequestQueuedInSocketAsync(pid), $"the request never reached worker {pid}'s socket");
            await SignalAsync("-KILL", pid);

            using var after = await pending;
            Assert.Equal(HttpStatusCode.OK, after.StatusCode);
            Assert.NotEqual(pid, (await after.JsonAsync()).GetInt32());
            Assert.Contains(fixture.Server.Lines, l => l.Contains($"Worker with pid {pid} was gone before it got the request", StringComparison.Ordinal));
        }
        finally
        {
            await SignalAsync("-KILL", pid);
        }
    }

    private static async Task SignalAsync(string signal, int pid)
    {
        using var kill = Process.Start("kill", [signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync().WaitAsync(HttpTest.Timeout);
    }

    /// <summary>True once <c>ss</c> shows bytes waiting in a Unix socket of <paramref name="pid"/>.</summary>
    private static async Task<bool> RequestQueuedInSocketAsync(int pid)
    {
        var deadline = DateTime.UtcNow + HttpTest.Timeout;
        while (DateTime.UtcNow < deadline)
        {
            var start = new ProcessStartInfo("ss", ["-x", "-p", "-H"]) { RedirectStandardOutput = true, UseShellExecute = false };
            using var ss = Process.Start(start)!;
            var lines = (await ss.StandardOutput.ReadToEndAsync()).Split('\n');
            await ss.WaitForExitAsync().WaitAsync(HttpTest.Timeout);
            if (lines.Any(l => l.Contains($"pid={pid},", StringComparison.Ordinal)
                && l.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [_, _, var recvQ, ..] && recvQ != "0"))
            {
                return true;
            }

            await Task.Delay(20);
        }

        return false;
    }

    /// <summary>Waits until the process is a zombie or gone: its sockets are closed then.</summary>
    private static async Task WaitUntilDeadAsync(int pid)
    {
        var deadline = DateTime.UtcNow + HttpTest.Timeout;
        while (DateTime.UtcNow < deadline)
        {
            string stat;
            try
            {
                stat = await File.ReadAllTextAsync($"/proc/{pid}/stat");
            }
            catch (IOException)
            {
                return;
            }

            if (stat[(stat.LastIndexOf(')') + 2)..].StartsWith('Z')) return;
            await Task.Delay(10);
        }
    }

    [Theory]
    [InlineData("\"mymodel\"", "null", "azureml-models/mymodel/10/weights")]
    [InlineData("\"mymodel\"", "1", "azureml-models/mymodel/1/model.pkl")]
    [InlineData("\"mymodel\"", "2", "azureml-models/mymodel/2/model.pkl")]
    public async Task GetModelPath_ResolvesLikeThePlatform(string name, string version, string expected)
    {
        using var response = await Client.PostAsync("/score", $"{{\"kind\": \"model_path\", \"name\": {name}, \"version\": {version}}}");
        var path = (await response.JsonAsync()).GetProperty("path").GetString();
        Assert.Equal(Path.Combine(fixture.AppRoot, expected), path);
    }

    [Fact]
    public async Task GetModelPath_MissingModel_SaysWhereItLooked()
    {
        using var response = await Client.PostAsync("/score", "{\"kind\": \"model_path\", \"name\": \"nope\"}");
        var json = await response.JsonAsync();
        Assert.Equal("ModelNotFoundException", json.GetProperty("error").GetString());
        Assert.Equal($"Model nope not found in cache at {Path.Combine(fixture.AppRoot, "azureml-models")} or in current working directory {fixture.AppRoot}. For more info, set logging level to DEBUG.",
            json.GetProperty("message").GetString());
    }

    [Fact]
    public async Task GetModelPath_VersionDirWithTwoEntries_IsAnError()
    {
        using var response = await Client.PostAsync("/score", "{\"kind\": \"model_path\", \"name\": \"two\"}");
        var message = (await response.JsonAsync()).GetProperty("message").GetString();
        Assert.StartsWith($"Dir {Path.Combine(fixture.AppRoot, "azureml-models", "two", "1")} can contain only 1 file or folder. Found [", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SourceDirectory_IsOnSysPath()
    {
        using var response = await Client.PostAsync("/score", "{\"kind\": \"source_dir\"}");
        Assert.Equal("\"from the source directory\"", await response.BodyAsync());
    }

    [Fact]
    public async Task UserSwaggerFileInAppRoot_WinsOverTheGeneratedOne()
    {
        using var v3 = await Client.GetWithTimeoutAsync("/swagger.json?version=3");
        Assert.Equal("from the app root", (await v3.JsonAsync()).GetProperty("info").GetProperty("title").GetString());
        using var v2 = await Client.GetWithTimeoutAsync("/swagger.json");
        Assert.Equal("ML service", (await v2.JsonAsync()).GetProperty("info").GetProperty("title").GetString());
    }

    [Fact]
    public async Task Worker_SeesAppRootModelDirAndEntryScript()
    {
        using var response = await Client.PostAsync("/score", "{\"kind\": \"env\"}");
        var json = await response.JsonAsync();
        Assert.Equal(fixture.AppRoot, json.GetProperty("AML_APP_ROOT").GetString());
        Assert.Equal(Path.Combine(fixture.AppRoot, "azureml-models/mymodel/2"), json.GetProperty("AZUREML_MODEL_DIR").GetString());
        Assert.Equal(Paths.Script("kitchen.py"), json.GetProperty("AZUREML_ENTRY_SCRIPT").GetString());
    }
}

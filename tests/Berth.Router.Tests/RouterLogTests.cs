using System.Net;
using Berth.Router.Tests.Infrastructure;

namespace Berth.Router.Tests;

/// <summary>The router writes its own log file, rotated by size with a bounded number of files.</summary>
public sealed class RouterLogTests() : RouterTestBase("--log-file", "{state}/router.log", "--log-max-bytes", "4096", "--log-files", "3")
{
    [Fact]
    public async Task Traffic_RotatesTheLog_KeepingAtMostKFilesOfAboutNBytes_AndTheNewestLinesInTheLiveFile()
    {
        var replica = await Replica(FakeReplica.OkAsync("a"));
        var route = await Within(Session.RouteAsync(RouterSession.Spec("logged", replica)));
        const int requests = 300; // about 170 bytes of access line each: some 50 KB, over ten times the 12 KB the files may hold
        string last = string.Empty;
        for (var i = 0; i < requests; i++)
        {
            last = $"req-{i:D4}";
            using var response = await Within(Session.ScoreAsync(route, configure: r => r.Headers.Add("x-request-id", last)));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var live = Session.State.Combine("router.log");
        while (!File.Exists(live) || !ReadShared(live).Contains($"request {last})", StringComparison.Ordinal))
        {
            await Within(Task.Delay(50));
        }

        var files = Directory.GetFiles(Session.State.Path, "router.log*").Order().ToList();
        Assert.Equal([live, live + ".1", live + ".2"], files);
        Assert.All(files, f => Assert.InRange(new FileInfo(f).Length, 1, 4096 + 512));
        Assert.All(files, f => Assert.EndsWith("\n", ReadShared(f), StringComparison.Ordinal));
        // The oldest lines are gone: the files stay bounded.
        Assert.DoesNotContain("request req-0000)", string.Concat(files.Select(ReadShared)), StringComparison.Ordinal);
    }

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return new StreamReader(stream).ReadToEnd();
    }
}

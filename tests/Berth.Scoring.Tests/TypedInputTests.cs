using System.Net;
using Berth.Scoring.Tests.Infrastructure;

namespace Berth.Scoring.Tests;

/// <summary>A score.cs whose Run takes a record read from JSON and returns a record.</summary>
public sealed class TypedInputTests
{
    [Fact]
    public async Task TypedRun_ReadsItsRecord_CaseInsensitively_AndWritesItsResult()
    {
        await using var server = await ScoringServer.StartAsync(Paths.Script("typed.cs"));
        server.RequireListening();
        using var response = await server.Client.PostAsync("/score", "{\"X\": 1.5, \"y\": 2}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{\"Sum\":3.5,\"Label\":\"sum\"}", await response.BodyAsync());
        using var empty = await server.Client.PostAsync("/score", "");
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        await server.WaitForLineAsync(l => l.Contains("Run() takes Point", StringComparison.Ordinal), HttpTest.Timeout);
    }

    [Fact]
    public async Task StaticAsyncRun_WithStringInput_IsAwaited_AndStaticInitRuns()
    {
        var script = TempScript.Write("score.cs", """
            public static class Echo
            {
                private static string _prefix = "";
                public static async Task Init() { await Task.Yield(); _prefix = "got:"; }
                public static async Task<string> Run(string data) { await Task.Delay(1); return _prefix + data; }
            }
            """);
        await using var server = await ScoringServer.StartAsync(script);
        server.RequireListening();
        using var response = await server.Client.PostAsync("/score", "plain text", "text/plain");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("\"got:plain text\"", await response.BodyAsync());
    }

    [Fact]
    public async Task DllNextToTheScript_IsReferencedAndLoaded()
    {
        var script = TempScript.Write("score.cs", """
            public class WithLibrary
            {
                public string Run(string data)
                {
                    Xunit.Assert.Equal("ping", data);
                    return typeof(Xunit.Assert).Assembly.GetName().Name!;
                }
            }
            """);
        File.Copy(Path.Combine(AppContext.BaseDirectory, "xunit.assert.dll"), Path.Combine(Path.GetDirectoryName(script)!, "xunit.assert.dll"));
        await using var server = await ScoringServer.StartAsync(script);
        server.RequireListening();
        using var response = await server.Client.PostAsync("/score", "ping", "text/plain");
        Assert.Equal("\"xunit.assert\"", await response.BodyAsync());
        Assert.Contains("Referencing xunit.assert.dll", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnwritableCache_StillServes_AndSaysWhy()
    {
        var home = Directory.CreateTempSubdirectory("berth-home-").FullName;
        File.WriteAllText(Path.Combine(home, "cache"), "a file where the cache folder should be");
        var script = TempScript.Write("score.cs", "public class S { public string Run(string d) => d + \"!\"; }\n");
        await using var server = await ScoringServer.StartAsync(script, new Dictionary<string, string> { ["BERTH_HOME"] = home });
        server.RequireListening();
        using var response = await server.Client.PostAsync("/score", "x", "text/plain");
        Assert.Equal("\"x!\"", await response.BodyAsync());
        Assert.Contains("cannot be cached in", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SecondStart_UsesTheCompiledScriptFromTheCache()
    {
        await using (var first = await ScoringServer.StartAsync(Paths.Script("typed.cs")))
        {
            first.RequireListening();
        }

        await using var second = await ScoringServer.StartAsync(Paths.Script("typed.cs"));
        second.RequireListening();
        Assert.Contains("Using the compiled typed.cs from the cache", second.Output, StringComparison.Ordinal);
    }
}

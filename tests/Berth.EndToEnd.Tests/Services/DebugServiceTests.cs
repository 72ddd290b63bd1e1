using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Berth.EndToEnd.Tests.Infrastructure;

namespace Berth.EndToEnd.Tests.Services;

/// <summary>
/// <c>berth service debug</c> (R15): a replica restarted under debugpy is debugged the way VS Code does it, over the
/// Debug Adapter Protocol with the printed attach configuration: a breakpoint in run() stops a real scoring request
/// (longer than the service's scoring timeout), input_data is read through <c>variables</c>, continue lets the response
/// arrive; <c>--stop</c> restarts the replica as it was.
/// </summary>
public sealed class DebugServiceTests : IAsyncLifetime
{
    private const string Script = "import json\n\n\ndef init():\n    pass\n\n\ndef run(input_data):\n    doubled = json.loads(input_data) * 2\n    return doubled\n";
    private const int BreakpointLine = 9;
    private const int InitLine = 5;

    private readonly CliSession _session = new();

    public Task InitializeAsync() => _session.InitializeAsync();

    public Task DisposeAsync() => _session.DisposeAsync();

    [Fact]
    public async Task BreakpointInRun_StopsARealRequest_ShowsInputData_AndContinueAnswersIt()
    {
        await _session.BerthAsync("model", "register", "--name", "m", "--path", _session.Files.WriteFile("model/w.txt", "w"));
        var app = ServiceApp.Write(_session.Files, "app", Script, """{"computeType": "local", "scoringTimeoutMs": 1000}""");
        var deploy = await _session.BerthAsync(app.DeployArguments("svc", "m"));
        Assert.True(deploy.ExitCode == 0, deploy.ToString());

        var port = FreePort();
        var debug = await _session.BerthAsync("service", "debug", "svc", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(debug.ExitCode == 0, debug.ToString());
        Assert.Contains($"listening on 127.0.0.1:{port}", debug.StandardOutput, StringComparison.Ordinal);
        var configuration = LaunchConfiguration(debug.StandardOutput);
        Assert.Equal("attach", (string?)configuration["request"]);
        Assert.Equal(port, (int)configuration["connect"]!["port"]!);
        var mapping = configuration["pathMappings"]![0]!;
        Assert.Equal(app.Directory, (string?)mapping["localRoot"]);

        await using var dap = await DapClient.ConnectAsync(port);
        Assert.True((bool)(await dap.SendAsync("initialize", new JsonObject
        {
            ["clientID"] = "vscode", ["adapterID"] = "python", ["linesStartAt1"] = true, ["columnsStartAt1"] = true, ["pathFormat"] = "path",
        }))["success"]!);
        var attach = dap.SendAsync("attach", new JsonObject { ["justMyCode"] = true, ["pathMappings"] = configuration["pathMappings"]!.DeepClone() });
        await dap.EventAsync("initialized");
        var breakpoints = await dap.SendAsync("setBreakpoints", new JsonObject
        {
            ["source"] = new JsonObject { ["path"] = Path.Combine(app.Directory, "score.py") },
            ["breakpoints"] = new JsonArray(new JsonObject { ["line"] = BreakpointLine }),
        });
        Assert.True((bool)breakpoints["body"]!["breakpoints"]![0]!["verified"]!, breakpoints.ToJsonString());
        await dap.SendAsync("configurationDone");
        Assert.True((bool)(await attach)["success"]!);

        var scoring = _session.BerthAsync("service", "run", "svc", "-d", "21");
        var stopped = await dap.EventAsync("stopped");
        var threadId = (int)stopped["body"]!["threadId"]!;
        var frame = (await dap.SendAsync("stackTrace", new JsonObject { ["threadId"] = threadId }))["body"]!["stackFrames"]![0]!;
        Assert.Equal("run", (string?)frame["name"]);
        Assert.Equal(BreakpointLine, (int)frame["line"]!);
        Assert.Equal(Path.Combine(app.Directory, "score.py"), (string?)frame["source"]!["path"]); // mapped back to the user's file
        var scopes = await dap.SendAsync("scopes", new JsonObject { ["frameId"] = (int)frame["id"]! });
        var locals = (int)scopes["body"]!["scopes"]![0]!["variablesReference"]!;
        var variables = (await dap.SendAsync("variables", new JsonObject { ["variablesReference"] = locals }))["body"]!["variables"]!.AsArray();
        Assert.Equal("'21'", (string?)variables.Single(v => (string?)v!["name"] == "input_data")!["value"]);

        // Held at the breakpoint past the service's 1000 ms scoring timeout: debugging turns the timeout off.
        await Task.Delay(TimeSpan.FromMilliseconds(1500));
        await dap.SendAsync("continue", new JsonObject { ["threadId"] = threadId });
        var answer = await scoring;
        Assert.True(answer.ExitCode == 0, answer.ToString());
        Assert.Equal("42", answer.StandardOutput.Trim());

        var stop = await _session.BerthAsync("service", "debug", "svc", "--stop");
        Assert.True(stop.ExitCode == 0, stop.ToString());
        Assert.Contains("g1-r1 is ready", stop.StandardOutput, StringComparison.Ordinal);
        Assert.Equal("42", (await _session.BerthAsync("service", "run", "svc", "-d", "21")).StandardOutput.Trim());
    }

    [Fact]
    public async Task Wait_HoldsInitUntilTheDebuggerAttaches_AndABreakpointInInitHolds()
    {
        await _session.BerthAsync("model", "register", "--name", "m", "--path", _session.Files.WriteFile("model/w.txt", "w"));
        var app = ServiceApp.Write(_session.Files, "app", Script);
        Assert.Equal(0, (await _session.BerthAsync(app.DeployArguments("svc", "m"))).ExitCode);

        var port = FreePort();
        var debug = await _session.BerthAsync("service", "debug", "svc", "--wait", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(debug.ExitCode == 0, debug.ToString());
        Assert.Contains("init() waits until a debugger attaches", debug.StandardOutput, StringComparison.Ordinal);
        var configuration = LaunchConfiguration(debug.StandardOutput);

        await using var dap = await DapClient.ConnectAsync(port);
        await dap.SendAsync("initialize", new JsonObject { ["clientID"] = "vscode", ["adapterID"] = "python", ["linesStartAt1"] = true, ["pathFormat"] = "path" });
        var attach = dap.SendAsync("attach", new JsonObject { ["justMyCode"] = true, ["pathMappings"] = configuration["pathMappings"]!.DeepClone() });
        await dap.EventAsync("initialized");
        await dap.SendAsync("setBreakpoints", new JsonObject
        {
            ["source"] = new JsonObject { ["path"] = Path.Combine(app.Directory, "score.py") },
            ["breakpoints"] = new JsonArray(new JsonObject { ["line"] = InitLine }),
        });
        await dap.SendAsync("configurationDone");
        Assert.True((bool)(await attach)["success"]!);

        var stopped = await dap.EventAsync("stopped");
        var threadId = (int)stopped["body"]!["threadId"]!;
        var frame = (await dap.SendAsync("stackTrace", new JsonObject { ["threadId"] = threadId }))["body"]!["stackFrames"]![0]!;
        Assert.Equal("init", (string?)frame["name"]);
        await dap.SendAsync("continue", new JsonObject { ["threadId"] = threadId });
        await _session.WaitForServiceAsync("svc", s => s.GetProperty("replicas")[0].GetProperty("status").GetString() == "Ready");

        Assert.Equal("42", (await _session.BerthAsync("service", "run", "svc", "-d", "21")).StandardOutput.Trim());
    }

    [Fact]
    public async Task Stop_WhenNothingIsDebugged_SaysSoAndHowToStart()
    {
        await _session.BerthAsync("model", "register", "--name", "m", "--path", _session.Files.WriteFile("model/w.txt", "w"));
        var app = ServiceApp.Write(_session.Files, "app", Script);
        Assert.Equal(0, (await _session.BerthAsync(app.DeployArguments("svc", "m"))).ExitCode);

        var stop = await _session.BerthAsync("service", "debug", "svc", "--stop");

        Assert.NotEqual(0, stop.ExitCode);
        Assert.Contains("no replica of service svc is being debugged", stop.StandardError, StringComparison.Ordinal);
        Assert.Contains("berth service debug svc", stop.StandardError, StringComparison.Ordinal);
    }

    private static JsonNode LaunchConfiguration(string output)
    {
        var start = output.IndexOf('{', StringComparison.Ordinal);
        var end = output.LastIndexOf('}');
        return JsonNode.Parse(output[start..(end + 1)])!["configurations"]![0]!;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

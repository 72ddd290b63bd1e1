using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.Api.V1;

namespace Berth.Cli.Commands;

/// <summary>What <c>berth service debug</c> prints: where debugpy listens and the VS Code attach configuration.</summary>
internal static class DebugText
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The <c>launch.json</c> configuration that attaches VS Code's Python debugger to the session.</summary>
    public static JsonObject LaunchConfiguration(DebugSessionDto session)
    {
        ArgumentNullException.ThrowIfNull(session);
        return new JsonObject
        {
            ["name"] = $"Attach to berth service {session.Service}",
            ["type"] = "debugpy",
            ["request"] = "attach",
            ["connect"] = new JsonObject { ["host"] = session.Host, ["port"] = session.Port },
            ["pathMappings"] = new JsonArray(new JsonObject { ["localRoot"] = session.LocalRoot, ["remoteRoot"] = session.RemoteRoot }),
            ["justMyCode"] = true,
        };
    }

    public static string Format(DebugSessionDto session)
    {
        var launch = new JsonObject { ["version"] = "0.2.0", ["configurations"] = new JsonArray(LaunchConfiguration(session)) };
        var lines = new List<string>
        {
            $"Replica {session.Replica} of {session.Service} restarts under debugpy, listening on {session.Host}:{session.Port} (1 worker, scoring timeout off).",
            session.Wait
                ? "init() waits until a debugger attaches; the replica serves once init() has run."
                : "It serves as soon as init() has run; attach at any time.",
            "",
            "VS Code: put this in .vscode/launch.json (or add the configuration to yours) and start \"" + LaunchConfiguration(session)["name"] + "\":",
            launch.ToJsonString(Indented),
            "",
            $"Then score as usual (berth service run {session.Service} -d ...): run() stops at your breakpoints.",
            $"End debugging: berth service debug {session.Service} --stop",
            "",
        };
        return string.Join(Environment.NewLine, lines);
    }
}

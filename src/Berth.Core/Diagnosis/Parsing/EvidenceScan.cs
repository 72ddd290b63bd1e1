namespace Berth.Diagnosis.Parsing;

/// <summary>Facts several rules read from the evidence: the tracebacks in the logs and the phase of each.</summary>
internal static class EvidenceScan
{
    private const int InitFailedLookBack = 3;

    /// <summary>Every traceback in every replica log, log order within a replica, replicas in evidence order.</summary>
    public static List<FoundTraceback> Tracebacks(ServiceEvidence evidence)
    {
        var all = new List<FoundTraceback>();
        foreach (var log in evidence.Logs)
        {
            foreach (var tb in TracebackParser.FindAll(log.Lines))
            {
                var afterInitFailed = PrecededByInitFailed(log.Lines, tb.StartLine);
                all.Add(new FoundTraceback(log.ReplicaId, tb, Phase(log.Lines, tb, afterInitFailed), afterInitFailed));
            }
        }

        return all;
    }

    /// <summary>The last traceback of the start phase (script load or <c>init()</c>), or null.</summary>
    public static FoundTraceback? LastStartFailure(ServiceEvidence evidence) =>
        Tracebacks(evidence).LastOrDefault(t => t.Phase == TracebackPhase.Start);

    /// <summary>Every exception (all chains) with the traceback it belongs to.</summary>
    public static IEnumerable<(FoundTraceback Found, ExceptionBlock Block)> Exceptions(ServiceEvidence evidence) =>
        Tracebacks(evidence).SelectMany(t => t.Traceback.Chain.Select(b => (t, b)));

    /// <summary>Every log line with its replica id.</summary>
    public static IEnumerable<(string ReplicaId, int Index, string Line)> Lines(ServiceEvidence evidence) =>
        evidence.Logs.SelectMany(l => l.Lines.Select((line, i) => (l.ReplicaId, i, line)));

    /// <summary>Redeploy instruction after a change to the entry script: reload locally, update elsewhere.</summary>
    public static string ReloadCommand(ServiceEvidence evidence) =>
        evidence.Target == Services.ServiceTargetKind.Local
            ? $"`berth service reload {evidence.ServiceName}`"
            : UpdateCommand(evidence);

    /// <summary>Redeploy instruction after a change to the environment: always an update (reload keeps the environment).</summary>
    public static string UpdateCommand(ServiceEvidence evidence) =>
        evidence.RetryCommand is { } retry ? $"`{retry}`" : $"`berth service update {evidence.ServiceName} --ic {ShellWord(evidence.Settings.InferenceConfigPath)}`";

    /// <summary>Redeploy instruction after a change to the deployment config.</summary>
    public static string UpdateConfigCommand(ServiceEvidence evidence) =>
        $"`berth service update {evidence.ServiceName} --dc {ShellWord(evidence.Settings.DeploymentConfigPath ?? evidence.Settings.ConfigFile)}`";

    /// <summary>A path as one shell word: quoted when it holds anything a shell would split or expand.</summary>
    private static string ShellWord(string path) =>
        path.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '-' or '_' or '+' or ':' or '@' or '%' or ',')
            ? path
            : "'" + path.Replace("'", "'\''", StringComparison.Ordinal) + "'";

    private static bool PrecededByInitFailed(IReadOnlyList<string> lines, int start)
    {
        for (var i = start; i >= 0 && i >= start - InitFailedLookBack; i--)
        {
            if (lines[i].Contains(LogLines.InitFailed, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static TracebackPhase Phase(IReadOnlyList<string> lines, ParsedTraceback tb, bool afterInitFailed)
    {
        if (afterInitFailed || tb.PassesThrough("init"))
        {
            return TracebackPhase.Start;
        }

        if (tb.PassesThrough("run"))
        {
            return TracebackPhase.Run;
        }

        // Neither init nor run on the stack: it is a start failure unless a worker was ready before it.
        for (var i = tb.StartLine - 1; i >= 0; i--)
        {
            if (LogLines.IsReady(lines[i]))
            {
                return TracebackPhase.Run;
            }

            if (lines[i].Contains(LogLines.BootingWorker, StringComparison.Ordinal))
            {
                return TracebackPhase.Start;
            }
        }

        return TracebackPhase.Start;
    }
}

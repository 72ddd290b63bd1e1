namespace Berth.Diagnosis.Parsing;

/// <summary>A traceback found in a replica's log, with the phase it belongs to.</summary>
internal sealed record FoundTraceback(string ReplicaId, ParsedTraceback Traceback, TracebackPhase Phase, bool AfterInitFailedLine)
{
    /// <summary><c>at score.py, line 9, in init: model = joblib.load(path)</c>, or null when no frame is known.</summary>
    public string? DescribeLocation()
    {
        var f = Traceback.Location;
        if (f is null)
        {
            return null;
        }

        return f.Code is null ? $"at {f.Describe()}" : $"at {f.Describe()}: {LogLines.Clip(f.Code, 160)}";
    }
}

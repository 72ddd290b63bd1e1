namespace Berth.Diagnosis;

/// <summary>The recent log lines of one replica, oldest first, as the replica printed them.</summary>
/// <param name="ReplicaId">The replica, matching <see cref="Services.ReplicaEvent.ReplicaId"/>.</param>
/// <param name="Lines">The lines, without trailing newlines.</param>
public sealed record ReplicaLog(string ReplicaId, IReadOnlyList<string> Lines)
{
    /// <summary>Splits <paramref name="text"/> into lines (LF or CRLF).</summary>
    public static ReplicaLog FromText(string replicaId, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new ReplicaLog(replicaId, text.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n'));
    }
}

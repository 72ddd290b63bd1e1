namespace Berth.Services;

/// <summary>
/// Decides when a service is in CrashLoopBackOff: a replica exited before becoming ready (its <c>init()</c> failed,
/// the script did not load, or it was killed while starting) <see cref="Threshold"/> times in a row.
/// A replica that became ready resets its count. Pure over the replica events.
/// </summary>
public sealed class CrashLoopDetector
{
    /// <summary>The default number of failed starts in a row that makes a crash loop.</summary>
    public const int DefaultThreshold = 3;

    /// <summary>Creates a detector that reports a crash loop after <paramref name="threshold"/> failed starts in a row.</summary>
    public CrashLoopDetector(int threshold = DefaultThreshold)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threshold, 1);
        Threshold = threshold;
    }

    /// <summary>Failed starts in a row that make a crash loop.</summary>
    public int Threshold { get; }

    /// <summary>Evaluates the events of all replicas (any order; they are sorted by time per replica).</summary>
    public CrashLoopStatus Evaluate(IEnumerable<ReplicaEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var worst = CrashLoopStatus.None;
        foreach (var replica in events.GroupBy(e => e.ReplicaId, StringComparer.Ordinal))
        {
            var exits = FailedStartsInARow(replica.OrderBy(e => e.At).ThenBy(e => e.Kind));
            if (exits.Count > worst.ConsecutiveStartFailures)
            {
                worst = new CrashLoopStatus(exits.Count >= Threshold, replica.Key, exits.Count, exits);
            }
        }

        return worst;
    }

    private static List<ReplicaEvent> FailedStartsInARow(IEnumerable<ReplicaEvent> ordered)
    {
        var run = new List<ReplicaEvent>();
        var readySinceStart = false;
        foreach (var e in ordered)
        {
            switch (e.Kind)
            {
                case ReplicaEventKind.Started:
                    readySinceStart = false;
                    break;
                case ReplicaEventKind.Ready:
                    readySinceStart = true;
                    run.Clear();
                    break;
                case ReplicaEventKind.Exited when !readySinceStart && e.IsCrash:
                    run.Add(e);
                    break;
                case ReplicaEventKind.Exited:
                    run.Clear();
                    break;
            }
        }

        return run;
    }
}

namespace Berth.Router.Routing;

/// <summary>Queue admission: dispatch, wait, or refuse, from the service's state at arrival.</summary>
internal static class QueueAdmission
{
    /// <summary>
    /// Decides for a new request. FIFO: while anybody waits, a newcomer waits behind them even if a slot has just
    /// freed (the freed slot goes to the head of the queue).
    /// </summary>
    public static Admission Decide(int replicaCount, int queued, bool slotFree, int maxQueueWaitMs)
    {
        if (replicaCount == 0)
        {
            return Admission.RejectNoReplicas;
        }

        if (queued == 0 && slotFree)
        {
            return Admission.Dispatch;
        }

        return maxQueueWaitMs > 0 ? Admission.Enqueue : Admission.RejectOverloaded;
    }

    /// <summary>
    /// The Retry-After seconds of a 503: the queue wait rounded up to whole seconds, at least 1, so a client that
    /// honours it comes back after the queue has had a chance to drain.
    /// </summary>
    public static int RetryAfterSeconds(int maxQueueWaitMs) => Math.Max(1, (maxQueueWaitMs + 999) / 1000);
}

namespace Berth.Router.Routing;

/// <summary>What happens to a request that arrives at a service.</summary>
internal enum Admission
{
    /// <summary>A replica slot is free and nobody waits before it: send it now.</summary>
    Dispatch,

    /// <summary>Every slot is busy (or others wait first): wait in the FIFO queue up to maxQueueWaitMs.</summary>
    Enqueue,

    /// <summary>Every slot is busy and the service allows no queue wait: 503 now.</summary>
    RejectOverloaded,

    /// <summary>The service has no replica: 503 now.</summary>
    RejectNoReplicas,
}

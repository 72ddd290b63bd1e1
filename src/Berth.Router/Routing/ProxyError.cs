namespace Berth.Router.Routing;

/// <summary>
/// Why a proxied request failed, named by the side that failed (YARP's ForwarderError split): the first four are the
/// caller's faults (4xx, never counted against the replica), the others the replica's.
/// </summary>
internal enum ProxyError
{
    /// <summary>The request body is over the front door's limit (by Content-Length, or while it streamed).</summary>
    BodyTooLarge,

    /// <summary>The request body is not valid HTTP framing (bad chunked encoding, shorter than its Content-Length).</summary>
    BodyMalformed,

    /// <summary>The caller stopped sending its body for longer than the body idle timeout (or past the scoring timeout).</summary>
    BodyStalled,

    /// <summary>The caller went away before the answer.</summary>
    ClientGone,

    /// <summary>The replica refused the connection: the request never reached it.</summary>
    ReplicaRefused,

    /// <summary>The replica closed the connection or failed before it finished its response.</summary>
    ReplicaDropped,

    /// <summary>The replica did not answer within scoringTimeoutMs.</summary>
    Timeout,

    /// <summary>No replica of the service is ready (503): starting, backing off or gone; not an overload.</summary>
    NoReplicas,
}

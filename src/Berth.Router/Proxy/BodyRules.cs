namespace Berth.Router.Proxy;

/// <summary>The Content-Length the router sends for a response it read whole.</summary>
internal static class BodyRules
{
    /// <summary>
    /// The bytes read, except where HTTP says there is no body: a HEAD answer keeps the replica's Content-Length
    /// (the size a GET would have), and 1xx, 204 and 304 answers send none.
    /// </summary>
    public static long? ContentLength(string method, int status, int bytesRead, long? replicaContentLength)
    {
        if (HttpMethods.IsHead(method))
        {
            return replicaContentLength;
        }

        return status is < 200 or 204 or 304 ? null : bytesRead;
    }
}

namespace Berth.Scoring.Http;

/// <summary>The platform's error texts (contract §1.2, §1.5).</summary>
internal static class ErrorMessages
{
    public const string RunFailed = "An unexpected error occurred in scoring script. Check the logs for more info.";
    public const string Internal = "An unexpected internal error occurred. Check the logs for more info.";
    public const string NotFound = "The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.";
    public const string MethodNotAllowed = "The method is not allowed for the requested URL.";
    public const string QueueFull = "The replica is busy: every worker is taken and the request queue is full. Retry later.";
    public const string QueueWait = "The replica is busy: no worker became free within the queue wait limit. Retry later.";
    public const string ReplicaTokenMissing = "This replica answers only through its Berth front door (the router); call the service's scoring URI.";
    public const string MsRequestIdDeprecated = "x-ms-request-id header has been deprecated and will be removed from future versions of the server. Please use x-ms-client-request-id.";

    public static string Timeout(int ms) => $"Scoring timeout after {ms} ms";

    public static string TooLarge(long limit) => $"The request body exceeds the limit of {limit} bytes.";
}

// Compiled into every score.cs by berth-scoring.
namespace Berth.Scoring
{
    /// <summary>Return one from Run() to choose the status, headers and body yourself (the platform's AMLResponse).</summary>
    public sealed class AMLResponse
    {
        public AMLResponse(object? message, int statusCode, IDictionary<string, string>? responseHeaders = null, bool jsonStr = false, bool runFunctionFailed = false)
        {
            Message = message;
            StatusCode = statusCode;
            ResponseHeaders = responseHeaders ?? new Dictionary<string, string>();
            JsonStr = jsonStr;
            RunFunctionFailed = runFunctionFailed;
        }

        /// <summary>The body: a string or bytes sent as is, or any value sent as JSON when <see cref="JsonStr"/> is true; null sends {}.</summary>
        public object? Message { get; }

        public int StatusCode { get; }

        /// <summary>Extra headers; a value with commas becomes repeated headers.</summary>
        public IDictionary<string, string> ResponseHeaders { get; }

        public bool JsonStr { get; }

        public bool RunFunctionFailed { get; }
    }
}

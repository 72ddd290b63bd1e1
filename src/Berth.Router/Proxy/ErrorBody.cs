namespace Berth.Router.Proxy;

/// <summary>
/// The body of a response the router writes itself: the hosted platform's <c>{"message": "..."}</c>, or on the Open
/// Inference Protocol's routes (<c>/v2/...</c>) the OIP's <c>{"error": "..."}</c>, so each kind of client reads the
/// router's 401, 503 and 504 as it reads the replica's own errors.
/// </summary>
internal static class ErrorBody
{
    private static readonly PathString OipPrefix = "/v2";

    public static bool IsOip(PathString path) => path.StartsWithSegments(OipPrefix, StringComparison.Ordinal);

    public static byte[] For(PathString path, string message) => IsOip(path)
        ? System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new OipError(message), Hosting.RouterJson.Options)
        : System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(new PlatformError(message), Hosting.RouterJson.Options);

    private sealed record PlatformError(string Message);

    private sealed record OipError(string Error);
}

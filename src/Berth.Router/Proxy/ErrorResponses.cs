using Berth.Router.Routing;

namespace Berth.Router.Proxy;

/// <summary>
/// Writes a response the router makes itself: the status and <c>{"message": ...}</c>, as the hosted platform does, or
/// <c>{"error": ...}</c> on the Open Inference Protocol's <c>/v2</c> routes (<see cref="ErrorBody"/>).
/// </summary>
internal static class ErrorResponses
{
    public static async Task WriteAsync(ProxyExchange exchange, RouterError error)
    {
        var context = exchange.Context;
        exchange.Status = error.Status;
        context.Response.StatusCode = error.Status;
        context.Response.ContentType = "application/json";
        var body = ErrorBody.For(exchange.Path, error.Message);
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }
}

namespace Berth.Router.Proxy;

/// <summary>The body of a response the router writes itself, in the hosted platform's shape: <c>{"message": "..."}</c>.</summary>
internal sealed record ErrorBody(string Message);

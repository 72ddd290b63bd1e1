using Berth.Security;

namespace Berth.Server.Api;

/// <summary>
/// Lets through only calls from the workspace's owner: a Host naming this server, no foreign Origin or cross-site
/// fetch, the workspace token, and JSON (or tar) for writes. Runs before every endpoint, health included; a refusal
/// becomes a problem details response (403, 401 or 415) through <see cref="ProblemDetailsMiddleware"/>.
/// </summary>
internal sealed class ApiGuard(RequestDelegate next, ApiGate gate)
{
    public Task InvokeAsync(HttpContext context)
    {
        gate.Enforce(context);
        return next(context);
    }
}

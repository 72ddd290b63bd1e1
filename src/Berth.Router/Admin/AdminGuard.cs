using Berth.Security;

namespace Berth.Router.Admin;

/// <summary>
/// Guards /admin/v1: a loopback Host with the router's port, no foreign Origin or cross-site fetch, the admin token,
/// and JSON for writes; a refusal becomes problem details (403, 401, 415) through <see cref="AdminProblems"/>. The
/// cluster paths and /metrics are the data plane and pass untouched (the front door's key check guards scoring).
/// </summary>
internal sealed class AdminGuard(RequestDelegate next, ApiGate gate)
{
    private static readonly PathString Prefix = "/admin";

    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Path.StartsWithSegments(Prefix))
        {
            gate.Enforce(context);
        }

        return next(context);
    }
}

using Berth.Api.V1;
using Berth.Router.Auth;

namespace Berth.Router.Table;

/// <summary>A route's settings that requests read: replaced whole on a PUT, never changed in place.</summary>
internal sealed record RouteSettings(RouteSpec Spec, KeyCheck Keys)
{
    public static RouteSettings From(RouteSpec spec) =>
        new(spec, KeyCheck.For(spec.AuthEnabled, spec.PrimaryKey, spec.SecondaryKey));
}

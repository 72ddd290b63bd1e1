namespace Berth.Scoring.Inference;

/// <summary>Which Open Inference Protocol route a path is (<c>/v2/...</c>), with its model name and version. Pure.</summary>
internal sealed record OipRoute(OipRouteKind Kind, string? Model = null, string? Version = null)
{
    /// <summary>The route of <paramref name="path"/>, or null when it is not one of the protocol's.</summary>
    public static OipRoute? Parse(string path)
    {
        var parts = path.TrimEnd('/').Split('/');
        if (parts.Length < 2 || parts[0] != "" || parts[1] != "v2") return null;
        var rest = parts[2..];
        switch (rest)
        {
            case []: return new OipRoute(OipRouteKind.Server);
            case ["health", "live"]: return new OipRoute(OipRouteKind.Live);
            case ["health", "ready"]: return new OipRoute(OipRouteKind.Ready);
            case ["models", var m, .. var tail] when m.Length > 0: return ModelRoute(Uri.UnescapeDataString(m), tail);
            default: return null;
        }
    }

    private static OipRoute? ModelRoute(string model, string[] tail)
    {
        string? version = null;
        if (tail is ["versions", var v, .. var afterVersion] && v.Length > 0)
        {
            version = Uri.UnescapeDataString(v);
            tail = afterVersion;
        }

        return tail switch
        {
            [] => new OipRoute(OipRouteKind.ModelMetadata, model, version),
            ["ready"] => new OipRoute(OipRouteKind.ModelReady, model, version),
            ["infer"] => new OipRoute(OipRouteKind.Infer, model, version),
            _ => null,
        };
    }
}

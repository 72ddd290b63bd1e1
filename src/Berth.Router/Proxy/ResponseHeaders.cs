namespace Berth.Router.Proxy;

/// <summary>Copies a replica's response headers to the caller's response, leaving out the ones the router owns.</summary>
internal static class ResponseHeaders
{
    public static void Copy(HttpResponseMessage from, HttpResponse to)
    {
        foreach (var (name, values) in from.Headers.NonValidated)
        {
            if (!HeaderRules.SkipResponseHeader(name))
            {
                to.Headers[name] = values.Count == 1 ? values.ToString() : values.ToArray();
            }
        }

        foreach (var (name, values) in from.Content.Headers.NonValidated)
        {
            if (!HeaderRules.SkipResponseHeader(name))
            {
                to.Headers[name] = values.Count == 1 ? values.ToString() : values.ToArray();
            }
        }
    }
}

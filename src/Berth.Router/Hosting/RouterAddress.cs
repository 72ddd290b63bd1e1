namespace Berth.Router.Hosting;

/// <summary>The router's own URL once it listens (with the actual port when it was started with port 0).</summary>
internal sealed class RouterAddress
{
    public string Url { get; set; } = string.Empty;
}

namespace Berth.Environments;

/// <summary>A NuGet package a C# entry script needs: <c>Id@Version</c>.</summary>
public sealed record NuGetPackage(string Id, string Version)
{
    public override string ToString() => $"{Id}@{Version}";
}

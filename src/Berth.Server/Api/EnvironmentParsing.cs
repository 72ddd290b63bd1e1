using Berth.Api.V1;
using Berth.Configuration;
using Berth.Environments;

namespace Berth.Server.Api;

/// <summary>Parses a registration's file text with Berth.Core's environment loader and applies the extra settings.</summary>
internal static class EnvironmentParsing
{
    public static (string Hash, string CanonicalJson) Canonicalize(RegisterEnvironmentRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        // The text was sent: the server reads no file it names (condaDependenciesFile) from its own disk.
        var definition = EnvironmentDefinitionLoader.Parse(request.Content, request.FileName, ConfigFiles.None()).WithOverrides(
            request.BaseImage,
            request.DockerSteps,
            request.Variables?.Select(v => $"{v.Key}={v.Value}"),
            request.NuGetPackages);
        return (definition.ComputeHash(), definition.ToCanonicalJson());
    }
}

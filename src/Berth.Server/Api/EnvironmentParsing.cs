using Berth.Api.V1;
using Berth.Environments;

namespace Berth.Server.Api;

/// <summary>Parses a registration's file text with Berth.Core's environment loader and applies the extra settings.</summary>
internal static class EnvironmentParsing
{
    public static (string Hash, string CanonicalJson) Canonicalize(RegisterEnvironmentRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var definition = EnvironmentDefinitionLoader.Parse(request.Content, request.FileName).WithOverrides(
            request.BaseImage,
            request.DockerSteps,
            request.Variables?.Select(v => $"{v.Key}={v.Value}"),
            request.NuGetPackages);
        return (definition.ComputeHash(), definition.ToCanonicalJson());
    }
}

using Berth.Api.V1;

namespace Berth.Server.Api;

/// <summary>Parses a registration's file text with Berth.Core's environment loader and applies the extra settings.</summary>
internal static class EnvironmentParsing
{
    public static (string Hash, string CanonicalJson) Canonicalize(RegisterEnvironmentRequest request)
    {
        // Placeholder until the environment loader lands: hash the raw text.
        var json = System.Text.Json.JsonSerializer.Serialize(new { request.FileName, request.Content });
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(request.Content)));
        return (hash, json);
    }
}

using System.Text;
using System.Text.Json;
using Docker.DotNet.Models;

namespace Berth.Server.Targets.Docker;

/// <summary>
/// The credentials <c>docker login HOST:PORT</c> stored for a registry in the user's <c>~/.docker/config.json</c>
/// (<c>auths.HOST:PORT.auth</c> = base64 of <c>user:password</c>); the Engine API takes them with every push, and the
/// client library does not read that file. Credential helpers (<c>credsStore</c>) are not read.
/// </summary>
internal static class RegistryLogin
{
    public static AuthConfig? For(string registry)
    {
        var config = Path.Combine(Environment.GetEnvironmentVariable("DOCKER_CONFIG") is { Length: > 0 } folder ? folder : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".docker"), "config.json");
        try
        {
            using var json = JsonDocument.Parse(File.ReadAllText(config));
            if (json.RootElement.TryGetProperty("auths", out var auths) && auths.TryGetProperty(registry, out var entry)
                && entry.TryGetProperty("auth", out var auth) && auth.GetString() is { Length: > 0 } encoded)
            {
                var pair = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
                var colon = pair.IndexOf(':', StringComparison.Ordinal);
                return colon < 0 ? null : new AuthConfig { ServerAddress = registry, Username = pair[..colon], Password = pair[(colon + 1)..] };
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or FormatException)
        {
        }

        return null;
    }
}

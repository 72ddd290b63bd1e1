using System.Net.Sockets;
using System.Text.Json;
using Berth.Errors;
using Docker.DotNet;

namespace Berth.Server.Targets.Docker;

/// <summary>Turns the client library's exceptions into Berth's: what went wrong in the engine's words, and what to do.</summary>
internal static class DockerFailures
{
    /// <summary>
    /// The Berth error for a failure to reach the engine at all (no socket, refused, permission denied), or null when
    /// <paramref name="exception"/> is something else (an engine answer, a Berth error, a cancellation).
    /// </summary>
    public static BerthException? Connection(Exception exception, Uri endpoint)
    {
        if (exception is BerthException or DockerApiException or OperationCanceledException)
        {
            return null;
        }

        var socket = Inner<SocketException>(exception);
        return socket?.SocketErrorCode switch
        {
            SocketError.ConnectionRefused => new BerthException(
                DockerErrorCodes.NotRunning, $"nothing answers on the Docker engine's socket {endpoint}: dockerd is not running",
                "start it: scripts/docker.sh (or dockerd >/var/log/berth-dockerd.log 2>&1 &)", isTransient: true, inner: exception),
            SocketError.AccessDenied => new BerthException(
                DockerErrorCodes.PermissionDenied, $"permission denied on the Docker engine's socket {endpoint}",
                "run Berth as root or as a member of the socket's group (docker), or set DOCKER_HOST to an engine this user may use", inner: exception),
            SocketError.AddressNotAvailable or SocketError.AddressFamilyNotSupported => new BerthException(
                DockerErrorCodes.NotInstalled, $"the Docker engine's socket {endpoint} does not exist: Docker is not installed or not started here",
                "install and start it: scripts/docker.sh (or apt-get install docker.io, then start dockerd)", inner: exception),
            not null => new BerthException(
                DockerErrorCodes.Unreachable, $"the Docker engine at {endpoint} cannot be reached: {socket.Message}",
                "check that dockerd runs (docker info), or restart it with scripts/docker.sh", isTransient: true, inner: exception),
            null when exception is HttpRequestException or IOException => new BerthException(
                DockerErrorCodes.Unreachable, $"the Docker engine at {endpoint} cannot be reached: {exception.Message}",
                "check that dockerd runs (docker info), or restart it with scripts/docker.sh", isTransient: true, inner: exception),
            null => null,
        };
    }

    /// <summary>The engine's own message from an error answer (its JSON <c>message</c>), else the body as it came.</summary>
    public static string EngineMessage(DockerApiException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var body = exception.ResponseBody?.Trim() ?? string.Empty;
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("message", out var message))
            {
                return message.GetString() ?? body;
            }
        }
        catch (JsonException)
        {
            // Not JSON: the body is the message.
        }

        return body.Length > 0 ? body : $"HTTP {(int)exception.StatusCode} {exception.StatusCode}";
    }

    /// <summary>What to do about an engine's refusal, when Berth knows.</summary>
    public static string? Hint(DockerApiException exception)
    {
        var message = EngineMessage(exception);
        return message switch
        {
            _ when message.Contains("is already in use", StringComparison.Ordinal) => "a container of that name exists: remove it (it is from an earlier run) or use another name",
            _ when message.Contains("No such image", StringComparison.OrdinalIgnoreCase) => "build the image first (the target's prepare step), or check the tag",
            _ when message.Contains("port is already allocated", StringComparison.Ordinal) => "another container or process holds that port",
            _ => null,
        };
    }

    private static T? Inner<T>(Exception? exception)
        where T : Exception
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is T found)
            {
                return found;
            }
        }

        return null;
    }
}

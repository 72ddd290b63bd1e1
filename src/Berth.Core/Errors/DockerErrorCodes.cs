namespace Berth.Errors;

/// <summary>
/// The error codes of the Docker engine and of images (the container target), listed in <see cref="ErrorCatalog"/>.
/// </summary>
public static class DockerErrorCodes
{
    /// <summary>No engine socket where Berth looks: Docker is not installed, or <c>DOCKER_HOST</c> points nowhere.</summary>
    public const string NotInstalled = "docker.not_installed";

    /// <summary>The socket exists but nothing answers on it: dockerd is not running.</summary>
    public const string NotRunning = "docker.not_running";

    /// <summary>The socket refuses this user.</summary>
    public const string PermissionDenied = "docker.permission_denied";

    /// <summary>The engine did not answer in time, or answered something Berth does not understand.</summary>
    public const string Unreachable = "docker.unreachable";

    /// <summary>The engine refused a request about a container (create, start, stop, remove).</summary>
    public const string ContainerFailed = "docker.container_failed";

    /// <summary>An image build failed; <c>ImageBuildFailedException</c> carries the step and the builder's lines.</summary>
    public const string ImageBuildFailed = "image.build_failed";

    /// <summary>An image Berth needs (its default base image) is not on this engine.</summary>
    public const string ImageNotFound = "image.not_found";
}

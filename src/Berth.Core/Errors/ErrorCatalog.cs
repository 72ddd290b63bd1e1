using System.Collections.Frozen;
using Berth.Api.V1;
using Berth.Services;

namespace Berth.Errors;

/// <summary>
/// Every error code Berth reports, with its HTTP status, the CLI's exit code and its transience, in one place: the
/// server's and the router's problem details, the CLI's exit code and the SDK's <c>IsTransient</c> all read it.
/// A code not listed here is a bug (the catalogue test lists every code constant); it is treated as an internal error.
/// </summary>
public static class ErrorCatalog
{
    private static readonly FrozenDictionary<string, ErrorKind> Kinds = new ErrorKind[]
    {
        // Files and configuration the user wrote.
        new(ErrorCodes.ConfigInvalid, 400, CliExitCodes.ConfigInvalid, false),
        new(ErrorCodes.ConfigSyntax, 400, CliExitCodes.ConfigInvalid, false),
        new(ErrorCodes.FileNotFound, 404, CliExitCodes.NotFound, false),
        new(ErrorCodes.FileUnreadable, 400, CliExitCodes.Failed, false),
        new(ErrorCodes.FileNotRegular, 400, CliExitCodes.Failed, false),
        new(ErrorCodes.FileTooLarge, 413, CliExitCodes.Failed, false),
        new(ErrorCodes.FileReferenceRefused, 400, CliExitCodes.Failed, false),
        new(ErrorCodes.TagInvalid, 400, CliExitCodes.Usage, false),
        new(ErrorCodes.RequestInvalid, 400, CliExitCodes.Failed, false),
        new(ErrorCodes.RouteNotFound, 404, CliExitCodes.Failed, false),
        new(ErrorCodes.RequestUnsupportedMediaType, 415, CliExitCodes.Failed, false),
        new(ErrorCodes.PayloadTooLarge, 413, CliExitCodes.Failed, false),

        // Registry.
        new(ErrorCodes.ModelNameInvalid, 400, CliExitCodes.Failed, false),
        new(ErrorCodes.ModelNotFound, 404, CliExitCodes.NotFound, false),
        new(ErrorCodes.ModelPathInvalid, 400, CliExitCodes.Failed, false),
        new(ErrorCodes.ModelPathNotReadable, 403, CliExitCodes.Failed, false),
        new(ErrorCodes.ModelInUse, 409, CliExitCodes.Failed, false),
        new(ErrorCodes.PathNotReadable, 403, CliExitCodes.Failed, false),
        new(ErrorCodes.PathForbidden, 403, CliExitCodes.Failed, false),
        new(ErrorCodes.UploadInvalid, 400, CliExitCodes.Failed, false),
        new(ErrorCodes.UploadTooLarge, 413, CliExitCodes.Failed, false),
        new(ErrorCodes.UploadNotFound, 404, CliExitCodes.NotFound, false),
        new(ErrorCodes.UploadContentType, 415, CliExitCodes.Failed, false),
        new(ErrorCodes.EnvironmentNotFound, 404, CliExitCodes.NotFound, false),
        new(ErrorCodes.EnvironmentInvalid, 400, CliExitCodes.Failed, false),
        new(ErrorCodes.EnvironmentNameInvalid, 400, CliExitCodes.Failed, false),

        // The workspace, the server and its credential.
        new(ErrorCodes.WorkspaceNotWritable, 507, CliExitCodes.Failed, false),
        new(ErrorCodes.WorkspaceLocked, 409, CliExitCodes.Failed, false),
        new(ErrorCodes.ServerUnreachable, 503, CliExitCodes.ServerUnreachable, true),
        new(ErrorCodes.ServerStarting, 503, CliExitCodes.ServerUnreachable, true),
        new(ErrorCodes.AuthRequired, 401, CliExitCodes.ServerUnreachable, false),
        new(ErrorCodes.AuthInvalid, 401, CliExitCodes.ServerUnreachable, false),
        new(ErrorCodes.RequestForbidden, 403, CliExitCodes.Failed, false),
        new(ErrorCodes.ServerTlsRequired, 400, CliExitCodes.Usage, false),
        new(ErrorCodes.ServerTlsInvalid, 400, CliExitCodes.Usage, false),
        new(ErrorCodes.Internal, 500, CliExitCodes.Failed, false),

        // Services.
        new(ServiceErrorCodes.NotFound, 404, CliExitCodes.NotFound, false),
        new(ServiceErrorCodes.NameInvalid, 400, CliExitCodes.Failed, false),
        new(ServiceErrorCodes.Exists, 409, CliExitCodes.Failed, false),
        new(ServiceErrorCodes.Busy, 409, CliExitCodes.Failed, true),
        new(ServiceErrorCodes.OperationInProgress, 409, CliExitCodes.Failed, true),
        new(ServiceErrorCodes.WrongState, 409, CliExitCodes.Failed, false),
        new(ServiceErrorCodes.OperationNotSupported, 400, CliExitCodes.Failed, false),
        new(ServiceErrorCodes.PortInUse, 409, CliExitCodes.Failed, false),
        new(ServiceErrorCodes.CrashLoop, 409, CliExitCodes.DeployFailed, false),
        new(ServiceErrorCodes.DeployFailed, 409, CliExitCodes.DeployFailed, false),
        new(ServiceErrorCodes.NoScoringUri, 409, CliExitCodes.Failed, true),
        new(ServiceErrorCodes.RunFailed, 502, CliExitCodes.Failed, false),
        new(ServiceErrorCodes.TooManyReplicas, 400, CliExitCodes.ConfigInvalid, false),
        new(ServiceErrorCodes.DebugPortInUse, 409, CliExitCodes.Failed, false),
        new(ServiceErrorCodes.DebugFailed, 409, CliExitCodes.Failed, false),

        // The Docker engine and images (the container target).
        new(DockerErrorCodes.NotInstalled, 503, CliExitCodes.Failed, false),
        new(DockerErrorCodes.NotRunning, 503, CliExitCodes.Failed, true),
        new(DockerErrorCodes.PermissionDenied, 503, CliExitCodes.Failed, false),
        new(DockerErrorCodes.Unreachable, 503, CliExitCodes.Failed, true),
        new(DockerErrorCodes.ContainerFailed, 500, CliExitCodes.Failed, false),
        new(DockerErrorCodes.ImageBuildFailed, 400, CliExitCodes.DeployFailed, false),
        new(DockerErrorCodes.ImageNotFound, 409, CliExitCodes.Failed, false),

        // Compute targets (attached Kubernetes clusters). The cluster's own 401 and 403 are not Berth's: they are 400s
        // here, so that no client takes them for a refusal of its workspace token.
        new(ComputeErrorCodes.NameInvalid, 400, CliExitCodes.Failed, false),
        new(ComputeErrorCodes.NotFound, 404, CliExitCodes.NotFound, false),
        new(ComputeErrorCodes.Exists, 409, CliExitCodes.Failed, false),
        new(ComputeErrorCodes.KubeconfigInvalid, 400, CliExitCodes.ConfigInvalid, false),
        new(ComputeErrorCodes.ContextNotFound, 400, CliExitCodes.ConfigInvalid, false),
        new(ComputeErrorCodes.SettingInvalid, 400, CliExitCodes.Usage, false),
        new(ComputeErrorCodes.Unreachable, 502, CliExitCodes.Failed, true),
        new(ComputeErrorCodes.Timeout, 504, CliExitCodes.Failed, true),
        new(ComputeErrorCodes.CredentialsRefused, 400, CliExitCodes.Failed, false),
        new(ComputeErrorCodes.Forbidden, 400, CliExitCodes.Failed, false),
        new(ComputeErrorCodes.NamespaceNotFound, 400, CliExitCodes.NotFound, false),
        new(ComputeErrorCodes.ClusterError, 502, CliExitCodes.Failed, false),

        // The router's admin API.
        new(RouterErrorCodes.RouteInvalid, 400, CliExitCodes.Failed, false),
        new(RouterErrorCodes.RouteNotFound, 404, CliExitCodes.NotFound, false),
        new(RouterErrorCodes.PortInUse, 409, CliExitCodes.Failed, false),
    }.ToFrozenDictionary(k => k.Code, StringComparer.Ordinal);

    /// <summary>Every listed code.</summary>
    public static IEnumerable<ErrorKind> All => Kinds.Values;

    /// <summary>What <paramref name="code"/> means; an unknown code is described as an internal error under its own name.</summary>
    public static ErrorKind Describe(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        return Kinds.TryGetValue(code, out var kind) ? kind : new ErrorKind(code, 500, CliExitCodes.Failed, false);
    }

    /// <summary>True when <paramref name="code"/> is in the catalogue.</summary>
    public static bool IsKnown(string code) => Kinds.ContainsKey(code);
}

namespace Berth.Errors;

/// <summary>The stable error codes Berth reports. Clients may switch on these strings.</summary>
public static class ErrorCodes
{
    public const string ConfigInvalid = "config.invalid";
    public const string ConfigSyntax = "config.syntax";
    public const string FileNotFound = "file.not_found";
    public const string FileUnreadable = "file.unreadable";
    public const string ModelNameInvalid = "model.name_invalid";
    public const string ModelNotFound = "model.not_found";
    public const string ModelPathInvalid = "model.path_invalid";
    public const string ModelPathNotReadable = "model.path_not_readable";
    public const string ModelInUse = "model.in_use";
    public const string TagInvalid = "tag.invalid";
    public const string EnvironmentNotFound = "environment.not_found";
    public const string EnvironmentInvalid = "environment.invalid";
    public const string EnvironmentNameInvalid = "environment.name_invalid";
    public const string WorkspaceNotWritable = "workspace.not_writable";
    public const string WorkspaceLocked = "workspace.locked";
    public const string ServerUnreachable = "server.unreachable";

    /// <summary>The server is loading the workspace; retry after the Retry-After seconds.</summary>
    public const string ServerStarting = "server.starting";

    /// <summary>No credential came with the request.</summary>
    public const string AuthRequired = "auth.required";

    /// <summary>The credential is not this workspace's.</summary>
    public const string AuthInvalid = "auth.invalid";

    /// <summary>The request is refused whoever sends it (foreign Host or Origin, a path the caller may not read).</summary>
    public const string Forbidden = "request.forbidden";
    public const string RequestInvalid = "request.invalid";

    /// <summary>No API route matches the request's path.</summary>
    public const string RouteNotFound = "request.invalid.route";

    /// <summary>A write whose body is not JSON (or an upload's tar).</summary>
    public const string ContentTypeUnsupported = "request.content_type";

    /// <summary>A body over the endpoint's size limit.</summary>
    public const string PayloadTooLarge = "request.too_large";
    public const string Internal = "internal";
}

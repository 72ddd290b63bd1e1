namespace Berth.Errors;

/// <summary>The stable error codes Berth reports. Clients may switch on these strings.</summary>
public static class ErrorCodes
{
    public const string ConfigInvalid = "config.invalid";
    public const string ConfigSyntax = "config.syntax";
    public const string FileNotFound = "file.not_found";
    public const string FileUnreadable = "file.unreadable";
    public const string FileNotRegular = "file.not_regular";
    public const string FileTooLarge = "file.too_large";
    public const string FileReferenceRefused = "file.reference_refused";
    public const string ModelNameInvalid = "model.name_invalid";
    public const string ModelNotFound = "model.not_found";
    public const string ModelPathInvalid = "model.path_invalid";
    public const string ModelPathNotReadable = "model.path_not_readable";
    public const string PathNotReadable = "path.not_readable";
    public const string PathForbidden = "path.forbidden";
    public const string UploadInvalid = "upload.invalid";
    public const string UploadTooLarge = "upload.too_large";
    public const string UploadNotFound = "upload.not_found";
    public const string UploadContentType = "upload.content_type";
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
    public const string RequestInvalid = "request.invalid";

    /// <summary>No API route matches the request's path.</summary>
    public const string RouteNotFound = "request.invalid.route";

    /// <summary>A body over the endpoint's size limit.</summary>
    public const string PayloadTooLarge = "request.too_large";
    public const string Internal = "internal";

    /// <summary>The request carried no <c>Authorization: Bearer</c> token (401).</summary>
    public const string AuthRequired = "auth.required";

    /// <summary>The request carried a token that is not this workspace's (401).</summary>
    public const string AuthInvalid = "auth.invalid";

    /// <summary>The request came from somewhere the API does not serve: a foreign Host or Origin, a cross-site fetch (403).</summary>
    public const string RequestForbidden = "request.forbidden";

    /// <summary>A write without <c>Content-Type: application/json</c> (or an upload's <c>application/x-tar</c>) (415).</summary>
    public const string RequestUnsupportedMediaType = "request.unsupported_media_type";

    /// <summary>The server was asked to listen beyond this machine without TLS.</summary>
    public const string ServerTlsRequired = "server.tls_required";

    /// <summary>The TLS certificate or key could not be read.</summary>
    public const string ServerTlsInvalid = "server.tls_invalid";
}

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
    public const string WorkspaceNotWritable = "workspace.not_writable";
    public const string WorkspaceLocked = "workspace.locked";
    public const string ServerUnreachable = "server.unreachable";
    public const string RequestInvalid = "request.invalid";
    public const string Internal = "internal";
}

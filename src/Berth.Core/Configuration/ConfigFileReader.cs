using Berth.Errors;

namespace Berth.Configuration;

/// <summary>Reads a user-authored file, turning I/O failures into errors a user can act on.</summary>
internal static class ConfigFileReader
{
    public static string Read(string path, string what)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var fullPath = Path.GetFullPath(path);
        if (Directory.Exists(fullPath))
        {
            throw new BerthException(ErrorCodes.FileUnreadable, $"{what} {fullPath} is a folder, not a file", $"pass the path of the {what} file itself");
        }

        if (!File.Exists(fullPath))
        {
            throw new BerthException(ErrorCodes.FileNotFound, $"{what} not found: {fullPath}", "check the path; relative paths are resolved from the current folder");
        }

        try
        {
            return File.ReadAllText(fullPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new BerthException(ErrorCodes.FileUnreadable, $"cannot read {what} {fullPath}: {ex.Message}", "check the file's permissions", inner: ex);
        }
    }
}

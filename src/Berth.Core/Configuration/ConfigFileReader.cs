using Berth.Files;

namespace Berth.Configuration;

/// <summary>Reads a user-authored config file through <see cref="SafeFile"/> (regular files only, at most 1 MiB).</summary>
internal static class ConfigFileReader
{
    public static string Read(string path, string what) => SafeFile.ReadAllText(path, what, FileLimit.Config);
}

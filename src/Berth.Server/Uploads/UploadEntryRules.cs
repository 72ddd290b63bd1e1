using System.Formats.Tar;

namespace Berth.Server.Uploads;

/// <summary>
/// What an upload may hold, decided per tar entry before anything is written: relative names without "..", regular
/// files, folders, and symbolic links whose target is relative and has no ".." (so no chain of links can lead out of
/// the upload). Hard links, devices, FIFOs and the other special kinds are refused.
/// </summary>
internal static class UploadEntryRules
{
    private const int MaxNameLength = 4096;

    /// <summary>The entry's name as a relative path with '/' separators, or null for the archive's root ("./").</summary>
    /// <exception cref="InvalidDataException">The name is absolute, climbs with "..", or is malformed.</exception>
    public static string? NormalizeName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.StartsWith('/'))
        {
            throw new InvalidDataException($"entry \"{name}\" has an absolute path; an upload holds relative paths only");
        }

        if (name.Contains('\0', StringComparison.Ordinal) || name.Contains('\\', StringComparison.Ordinal) || name.Length > MaxNameLength)
        {
            throw new InvalidDataException($"entry \"{name.Replace("\0", "\\0", StringComparison.Ordinal)}\" has a name that is not a valid relative path");
        }

        var parts = name.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(p => p != ".").ToList();
        if (parts.Contains(".."))
        {
            throw new InvalidDataException($"entry \"{name}\" contains \"..\"; an upload may not name anything outside itself");
        }

        return parts.Count == 0 ? null : string.Join('/', parts);
    }

    /// <summary>Refuses entry kinds an upload may not hold.</summary>
    public static void CheckKind(TarEntryType type, string name)
    {
        switch (type)
        {
            case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile or TarEntryType.Directory or TarEntryType.SymbolicLink:
                return;
            case TarEntryType.HardLink:
                throw new InvalidDataException($"entry \"{name}\" is a hard link; send the file itself (tar --hard-dereference)");
            case TarEntryType.CharacterDevice or TarEntryType.BlockDevice or TarEntryType.Fifo:
                throw new InvalidDataException($"entry \"{name}\" is a {Describe(type)}; an upload holds regular files, folders and links only");
            default:
                throw new InvalidDataException($"entry \"{name}\" is of tar type {type}, which an upload may not hold");
        }
    }

    /// <summary>Refuses a symbolic link that could lead outside the upload.</summary>
    public static void CheckLinkTarget(string name, string target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var parts = target.Split('/');
        if (target.Length == 0 || target.StartsWith('/') || parts.Contains("..") || target.Contains('\0', StringComparison.Ordinal))
        {
            throw new InvalidDataException(
                $"entry \"{name}\" is a symbolic link to \"{target}\", which may lead outside the upload; links may only point down into their own folder "
                + "(no absolute target, no \"..\"): send the file itself (tar --dereference)");
        }
    }

    /// <summary>True when <paramref name="name"/> lies under one of <paramref name="links"/> (writing it would go through a link).</summary>
    public static bool IsUnderLink(string name, IReadOnlySet<string> links)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(links);
        for (var slash = name.IndexOf('/', StringComparison.Ordinal); slash > 0; slash = name.IndexOf('/', slash + 1))
        {
            if (links.Contains(name[..slash]))
            {
                return true;
            }
        }

        return false;
    }

    private static string Describe(TarEntryType type) => type switch
    {
        TarEntryType.CharacterDevice => "character device",
        TarEntryType.BlockDevice => "block device",
        _ => "FIFO (named pipe)",
    };
}

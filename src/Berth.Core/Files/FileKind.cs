namespace Berth.Files;

/// <summary>What an inode is, from the <c>S_IFMT</c> bits of its mode.</summary>
public enum FileKind
{
    Regular,
    Directory,
    SymbolicLink,
    Fifo,
    CharacterDevice,
    BlockDevice,
    Socket,
    Unknown,
}

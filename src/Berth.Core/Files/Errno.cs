namespace Berth.Files;

/// <summary>The errno values the file primitives tell apart (the same on x86-64 and arm64 Linux).</summary>
internal static class Errno
{
    public const int NoEntry = 2;
    public const int Access = 13;
    public const int NotDirectory = 20;
    public const int IsDirectory = 21;
    public const int Loop = 40;
}

using System.Buffers.Binary;
using System.Globalization;
using System.Net;

namespace Berth.Access;

/// <summary>
/// Reads the kernel's TCP socket tables (<c>/proc/net/tcp</c> and <c>tcp6</c>, see proc(5)) to learn which user owns
/// the other end of a loopback connection: the entry whose local address is the request's remote address.
/// </summary>
public static class SocketTable
{
    private const string Established = "01";

    /// <summary>The uid owning the socket bound to <paramref name="peer"/> and connected to <paramref name="server"/>, or null.</summary>
    public static uint? FindOwner(IEnumerable<string> tableLines, IPEndPoint peer, IPEndPoint server)
    {
        ArgumentNullException.ThrowIfNull(tableLines);
        ArgumentNullException.ThrowIfNull(peer);
        ArgumentNullException.ThrowIfNull(server);
        var wantedLocal = Normalize(peer);
        var wantedRemote = Normalize(server);
        foreach (var line in tableLines)
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 8 || fields[3] != Established
                || ParseEndPoint(fields[1]) is not { } local || ParseEndPoint(fields[2]) is not { } remote)
            {
                continue;
            }

            if (Normalize(local).Equals(wantedLocal) && Normalize(remote).Equals(wantedRemote)
                && uint.TryParse(fields[7], NumberStyles.None, CultureInfo.InvariantCulture, out var uid))
            {
                return uid;
            }
        }

        return null;
    }

    /// <summary>Reads both tables of this network namespace; null when the peer is not on the loopback or not found.</summary>
    public static uint? FindLoopbackOwner(IPEndPoint peer, IPEndPoint server)
    {
        ArgumentNullException.ThrowIfNull(peer);
        if (!IPAddress.IsLoopback(Normalize(peer).Address))
        {
            return null;
        }

        foreach (var table in new[] { "/proc/net/tcp", "/proc/net/tcp6" })
        {
            try
            {
                if (FindOwner(File.ReadLines(table), peer, server) is uint uid)
                {
                    return uid;
                }
            }
            catch (IOException)
            {
                // No IPv6 table on this kernel: try the other.
            }
        }

        return null;
    }

    /// <summary>Parses <c>0100007F:1F90</c> (IPv4) or 32 hex digits and a port (IPv6), as the kernel prints them.</summary>
    public static IPEndPoint? ParseEndPoint(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0 || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var port))
        {
            return null;
        }

        var hex = text.AsSpan(0, colon);
        if (hex.Length is not (8 or 32))
        {
            return null;
        }

        // Each 32-bit word is printed as the number the kernel holds in memory (host order, little-endian here).
        var bytes = new byte[hex.Length / 2];
        for (var word = 0; word < hex.Length / 8; word++)
        {
            if (!uint.TryParse(hex.Slice(word * 8, 8), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var value))
            {
                return null;
            }

            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(word * 4), value);
        }

        return new IPEndPoint(new IPAddress(bytes), port);
    }

    private static IPEndPoint Normalize(IPEndPoint endPoint) =>
        endPoint.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(endPoint.Address.MapToIPv4(), endPoint.Port) : endPoint;
}

using System.Net;
using System.Net.Sockets;
using Berth.Access;

namespace Berth.Core.Tests.Access;

/// <summary>The caller of a loopback connection is the uid the kernel's socket table gives the client's end.</summary>
public sealed class SocketTableTests
{
    private const string Header = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode";

    [Fact]
    public void ParseEndPoint_ReadsTheKernelsHexForIPv4AndIPv6()
    {
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 8080), SocketTable.ParseEndPoint("0100007F:1F90"));
        Assert.Equal(new IPEndPoint(IPAddress.IPv6Loopback, 443), SocketTable.ParseEndPoint("00000000000000000000000001000000:01BB"));
        Assert.Null(SocketTable.ParseEndPoint("nonsense"));
    }

    [Fact]
    public void FindOwner_TakesTheEntryWhoseLocalEndIsThePeer_NotTheServersOwnEnd()
    {
        string[] table =
        [
            Header,
            "   0: 0100007F:1E14 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1001 1 0 100 0 0 10 0",
            "   1: 0100007F:1E14 0100007F:D431 01 00000000:00000000 00:00000000 00000000     0        0 1002 1 0 20 4 30 10 -1",
            "   2: 0100007F:D431 0100007F:1E14 01 00000000:00000000 00:00000000 00000000 65534        0 1003 1 0 20 4 30 10 -1",
        ];

        var owner = SocketTable.FindOwner(table, new IPEndPoint(IPAddress.Loopback, 0xD431), new IPEndPoint(IPAddress.Loopback, 0x1E14));

        Assert.Equal(65534u, owner);
    }

    [Fact]
    public async Task FindLoopbackOwner_OfARealConnection_IsThisProcesssUser()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port).WaitAsync(TimeSpan.FromSeconds(10));
        using var accepted = await listener.AcceptTcpClientAsync().WaitAsync(TimeSpan.FromSeconds(10));

        var owner = SocketTable.FindLoopbackOwner((IPEndPoint)accepted.Client.RemoteEndPoint!, (IPEndPoint)accepted.Client.LocalEndPoint!);

        Assert.Equal(ReadAccess.EffectiveUserId, owner);
    }
}

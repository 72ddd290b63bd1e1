using Berth.Router.Table;

namespace Berth.Router.Tests.Unit;

public sealed class PortOwnerTests
{
    private static readonly string[] Table =
    [
        "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
        "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 12345 1 0000000000000000 100 0 0 10 0",
        "   1: 0100007F:1F90 0100007F:C350 01 00000000:00000000 00:00000000 00000000  1000        0 22222 1 0000000000000000 20 4 30 10 -1",
        "   2: 00000000:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 33333 1 0000000000000000 100 0 0 10 0",
    ];

    [Fact]
    public void ListeningInodes_OnlyListenLinesOnThePort()
    {
        Assert.Equal(["12345"], PortOwner.ListeningInodes(Table, 8080).ToList());
        Assert.Equal(["33333"], PortOwner.ListeningInodes(Table, 80).ToList());
        Assert.Empty(PortOwner.ListeningInodes(Table, 50000));
    }

    [Fact]
    public void Describe_ThisProcessListening_NamesItsPid()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;

        var holder = PortOwner.Find(port);

        Assert.Equal(Environment.ProcessId, holder?.Pid);
        Assert.StartsWith($"pid {Environment.ProcessId} (", holder!.ToString());
    }
}

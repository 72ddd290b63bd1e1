using Berth.Hosting;
using Berth.Server.Targets.Local;
using Microsoft.Extensions.Time.Testing;

namespace Berth.Server.Tests.Targets;

/// <summary>
/// The files a replica's start leaves (address.json from the replica, pid from its wrapper shell) are read whole or
/// not at all, however the reads and the writes interleave.
/// </summary>
public sealed class ReplicaFilesTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly TempFolder _folder = new("berth-replica");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task AddressFile_ReadWhileRewrittenOverAndOver_IsNeverSeenPartlyWritten()
    {
        var path = _folder.Combine("address.json");
        const int Pid = 4242;
        ReplicaAddressFile.Write(path, new ReplicaAddress("http://127.0.0.1:1", Pid));
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(() =>
        {
            for (var i = 2; !stop.IsCancellationRequested; i++)
            {
                ReplicaAddressFile.Write(path, new ReplicaAddress($"http://127.0.0.1:{1000 + (i % 50000)}", Pid));
            }
        });

        var reads = 0;
        var missed = 0;
        while (reads < 20_000)
        {
            var address = ReplicaAddressFile.TryRead(path, Pid);
            reads++;
            if (address is null || !address.Url.StartsWith("http://127.0.0.1:", StringComparison.Ordinal))
            {
                missed++;
            }
        }

        await stop.CancelAsync();
        await writer.WaitAsync(Timeout);
        Assert.Equal(0, missed);
    }

    [Fact]
    public void AddressFile_LeftByAnEarlierProcessOfTheSlot_IsNotTheNewProcesssAddress()
    {
        var path = _folder.Combine("address.json");
        ReplicaAddressFile.Write(path, new ReplicaAddress("http://127.0.0.1:5555", 1111));

        Assert.Null(ReplicaAddressFile.TryRead(path, 2222));
        Assert.Equal("http://127.0.0.1:5555", ReplicaAddressFile.TryRead(path, 1111)?.Url);
    }

    [Fact]
    public void AdoptedReplica_WhoseAddressFileNamesAnotherPid_HasNoAddress()
    {
        var directory = _folder.Combine("replica-1");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "pid"), "2222\n");
        ReplicaAddressFile.Write(Path.Combine(directory, "address.json"), new ReplicaAddress("http://127.0.0.1:5555", 1111));

        var replica = LocalReplica.Adopt("g1-r1", directory, TimeProvider.System);

        Assert.NotNull(replica);
        Assert.Equal(2222, replica.Pid);
        Assert.Null(replica.ReadUrl());
    }

    [Fact]
    public async Task PidFile_CreatedEmptyAndWrittenLater_IsWaitedForInsteadOfParsed()
    {
        var path = _folder.Combine("pid");
        await File.WriteAllTextAsync(path, string.Empty); // what `echo $! >pid` leaves for a moment: the file, still empty

        var waiting = LocalReplica.WaitForPidAsync(path, Timeout, TimeProvider.System, CancellationToken.None);
        var sawEmptyFileWithoutFailing = !waiting.IsCompleted;
        await File.WriteAllTextAsync(path, "4321\n");

        Assert.True(sawEmptyFileWithoutFailing);
        Assert.Equal(4321, await waiting.WaitAsync(Timeout));
    }

    [Fact]
    public async Task PidFile_ThatNeverAppears_TimesOutWhenTheClockSaysSo()
    {
        var clock = new FakeTimeProvider();
        var waiting = LocalReplica.WaitForPidAsync(_folder.Combine("pid"), TimeSpan.FromSeconds(30), clock, CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(29));
        var beforeTheTimeout = waiting.IsCompleted;

        clock.Advance(TimeSpan.FromSeconds(2));

        var error = await Assert.ThrowsAsync<TimeoutException>(() => waiting.WaitAsync(Timeout));
        Assert.False(beforeTheTimeout);
        Assert.Contains("did not record a pid", error.Message, StringComparison.Ordinal);
    }
}

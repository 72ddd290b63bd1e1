using Berth.Hosting;
using Berth.Scoring.Tests.Infrastructure;

namespace Berth.Scoring.Tests;

/// <summary>--address_file: the replica publishes where it listens and its pid, whole, for the process that started it.</summary>
public sealed class AddressFileTests
{
    [Fact]
    public async Task AddressFile_OnceListening_HoldsTheRealAddressAndThePid_AndNoTemporaryFileIsLeft()
    {
        PythonRequirement.Ensure();
        var folder = Directory.CreateTempSubdirectory("berth-address-").FullName;
        var path = Path.Combine(folder, "address.json");
        await using var server = await ScoringServer.StartAsync(Paths.Script("echo.py"), null, "--address_file", path);
        var listening = server.RequireListening();

        var deadline = DateTime.UtcNow + HttpTest.Timeout;
        var address = ReplicaAddressFile.TryRead(path, server.Pid);
        while (address is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
            address = ReplicaAddressFile.TryRead(path, server.Pid);
        }

        Assert.NotNull(address);
        Assert.Equal(listening, new Uri(address.Url));
        Assert.Equal(server.Pid, address.Pid);
        Assert.Equal(["address.json"], Directory.EnumerateFiles(folder).Select(Path.GetFileName));
        Directory.Delete(folder, recursive: true);
    }
}

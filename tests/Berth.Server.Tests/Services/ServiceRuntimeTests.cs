using System.Text.Json;
using Berth.Server.Services;
using Berth.Server.Targets.Local;
using Berth.Server.Tests.Infrastructure;

namespace Berth.Server.Tests.Services;

/// <summary>replicas.json: written whole (temporary file, then rename), with each slot's restarts and last exit, and never after delete.</summary>
public sealed class ServiceRuntimeTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly TestWorkspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public async Task ReplicasJson_ReadWhileSavedOverAndOver_IsAlwaysWhole()
    {
        var service = _workspace.NewService("svc", TimeProvider.System);
        service.ReplaceSlots(Enumerable.Range(1, 200).Select(i => new ReplicaSlot($"g1-r{i}", Path.Combine(service.Directory, "gen-1", $"replica-{i}"))).ToList());
        var file = Path.Combine(service.Directory, "replicas.json");
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                service.SaveSlots();
            }
        });

        var partial = 0;
        for (var i = 0; i < 5_000; i++)
        {
            try
            {
                using var json = JsonDocument.Parse(await File.ReadAllTextAsync(file));
                partial += json.RootElement.GetArrayLength() == 200 ? 0 : 1;
            }
            catch (JsonException)
            {
                partial++;
            }
        }

        await stop.CancelAsync();
        await writer.WaitAsync(Timeout);
        Assert.Equal(0, partial);
    }

    [Fact]
    public void RestartsAndLastExits_AreSavedWithTheSlots_AndLoadedByTheNextServer()
    {
        var service = _workspace.NewService("svc", TimeProvider.System);
        var slot = new ReplicaSlot("g1-r1", Path.Combine(service.Directory, "gen-1", "replica-1")) { Restarts = 3, LastExit = "exit code 137 (SIGKILL)" };
        service.ReplaceSlots([slot]);

        var next = new ServiceRuntime(service.Record, service.Directory, _workspace.Store, TimeProvider.System);
        var loaded = Assert.Single(next.LoadSavedSlots(new LocalTarget(null!, new LocalMachine(), TimeProvider.System)));

        Assert.Equal("g1-r1", loaded.Id);
        Assert.Equal(3, loaded.Restarts);
        Assert.Equal("exit code 137 (SIGKILL)", loaded.LastExit);
    }

    [Fact]
    public void DeletedService_SavesNeitherItsRecordNorItsSlots()
    {
        var service = _workspace.NewService("svc", TimeProvider.System);
        service.MarkDeleted();
        _workspace.Store.Delete("svc");

        service.SetState(Berth.Services.ServiceState.Failed);
        service.Update(r => r with { Port = 1234 });
        service.ReplaceSlots([new ReplicaSlot("g1-r1", Path.Combine(service.Directory, "gen-1", "replica-1"))]);

        Assert.Empty(_workspace.Store.All());
        Assert.False(File.Exists(Path.Combine(service.Directory, "replicas.json")));
    }
}

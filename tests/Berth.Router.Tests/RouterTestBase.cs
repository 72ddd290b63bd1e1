using Berth.Router.Tests.Infrastructure;

namespace Berth.Router.Tests;

/// <summary>Gives every test its own router process over a fresh state folder, and disposes the replicas it started.</summary>
public abstract class RouterTestBase : IAsyncLifetime
{
    private readonly List<FakeReplica> _replicas = [];

    protected RouterTestBase(params string[] routerArguments) => Session = new RouterSession(routerArguments);

    internal RouterSession Session { get; }

    public Task InitializeAsync() => Session.InitializeAsync();

    public async Task DisposeAsync()
    {
        await Session.DisposeAsync();
        foreach (var replica in _replicas)
        {
            await replica.DisposeAsync();
        }
    }

    internal async Task<FakeReplica> Replica(Task<FakeReplica> starting)
    {
        var replica = await starting.WaitAsync(TimeSpan.FromSeconds(30));
        _replicas.Add(replica);
        return replica;
    }

    internal static Task<T> Within<T>(Task<T> task, int seconds = 30) => task.WaitAsync(TimeSpan.FromSeconds(seconds));

    internal static Task Within(Task task, int seconds = 30) => task.WaitAsync(TimeSpan.FromSeconds(seconds));
}

namespace Berth.Router.Routing;

/// <summary>The outcome of asking for a replica slot: the replica (when granted), or why not, and how long it waited.</summary>
internal readonly record struct SlotGrant(ReplicaState? Replica, Admission Outcome, TimeSpan Waited)
{
    public bool Granted => Replica is not null;
}

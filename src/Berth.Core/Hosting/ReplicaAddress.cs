namespace Berth.Hosting;

/// <summary>Where a replica listens and which process it is, as it publishes them once it listens.</summary>
/// <param name="Url">The scoring address, <c>http://127.0.0.1:PORT</c>.</param>
/// <param name="Pid">The replica's process id.</param>
public sealed record ReplicaAddress(string Url, int Pid);

namespace Berth.Diagnosis;

/// <summary>The cluster could not place a replica, with the scheduler's message
/// (<c>0/3 nodes are available: 3 Insufficient nvidia.com/gpu.</c>).</summary>
/// <param name="Message">The scheduler's message.</param>
/// <param name="WaitedFor">How long scheduling was tried.</param>
public sealed record SchedulingFailure(string Message, TimeSpan WaitedFor);

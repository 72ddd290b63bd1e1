namespace Berth.Server.Targets.Docker;

/// <summary>
/// An <see cref="IProgress{T}"/> that reports on the caller's thread, in order. (<see cref="Progress{T}"/> posts each
/// report to the thread pool, so build lines could arrive out of order or after the build has returned.)
/// </summary>
internal sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}

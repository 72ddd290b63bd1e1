using System.Diagnostics;

namespace Berth.EndToEnd.Tests.Infrastructure;

/// <summary>
/// Busy loops that keep the machine's cores busy while a test runs: <c>sh -c 'while :; do :; done'</c>, each under
/// <c>timeout</c> so it ends on its own even if the test process dies; killed by pid (with its child) on dispose.
/// </summary>
internal sealed class CpuLoad : IDisposable
{
    private readonly List<Process> _loops = [];

    public CpuLoad(int loops, TimeSpan limit)
    {
        for (var i = 0; i < loops; i++)
        {
            // In a session of its own, as a busy program of another user would be (the scheduler groups processes by session).
            var start = new ProcessStartInfo("setsid") { UseShellExecute = false };
            foreach (var argument in new[] { "timeout", $"{(int)limit.TotalSeconds}", "sh", "-c", "while :; do :; done" })
            {
                start.ArgumentList.Add(argument);
            }

            _loops.Add(Process.Start(start) ?? throw new InvalidOperationException("could not start a busy loop"));
        }
    }

    public void Dispose()
    {
        foreach (var loop in _loops)
        {
            try
            {
                loop.Kill(entireProcessTree: true);
                loop.WaitForExit(10_000);
            }
            catch (InvalidOperationException)
            {
                // It has ended already.
            }

            loop.Dispose();
        }
    }
}

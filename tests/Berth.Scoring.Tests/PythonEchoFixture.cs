using Berth.Scoring.Tests.Infrastructure;

namespace Berth.Scoring.Tests;

/// <summary>echo.py (an undecorated run(data)) on two workers.</summary>
public sealed class PythonEchoFixture : ServerFixture
{
    protected override string EntryScript => Paths.Script("echo.py");

    protected override IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string> { ["WORKER_COUNT"] = "2" };
}

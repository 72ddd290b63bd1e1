namespace Berth.EndToEnd.Tests.Infrastructure;

/// <summary>Entry scripts that need more memory than the tests' <c>memoryInGB</c> gives them.</summary>
internal static class MemoryScripts
{
    /// <summary>init() allocates 400 MB and holds it.</summary>
    public const string AllocatesInInit = "import time\nblob = None\n\ndef init():\n    global blob\n    blob = bytearray(400 * 1024 * 1024)\n    time.sleep(30)\n\ndef run(data):\n    return data\n";

    /// <summary>init() allocates 400 MB the first time only (it leaves <paramref name="marker"/> behind); run() then answers "second start".</summary>
    public static string AllocatesOnTheFirstStart(string marker) =>
        $"import os, time\nblob = None\n\ndef init():\n    global blob\n    if not os.path.exists(r'{marker}'):\n        open(r'{marker}', 'w').close()\n        blob = bytearray(400 * 1024 * 1024)\n        time.sleep(30)\n\ndef run(data):\n    return 'second start'\n";
}

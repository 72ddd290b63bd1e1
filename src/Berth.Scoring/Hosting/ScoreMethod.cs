namespace Berth.Scoring.Hosting;

/// <summary>The HTTP methods that reach an entry script (the byte values are the worker wire values).</summary>
internal enum ScoreMethod : byte
{
    Get = 0,
    Post = 1,
    Options = 2,
}

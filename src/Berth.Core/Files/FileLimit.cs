namespace Berth.Files;

/// <summary>How large a file of one kind may be, with the words that name the kind in messages.</summary>
public sealed record FileLimit(string Kinds, long MaxBytes)
{
    /// <summary>Inference and deployment configs, environment files (conda YAML, requirements.txt, JSON), Dockerfile steps.</summary>
    public static readonly FileLimit Config = new("config files", 1L << 20);

    /// <summary>score.py / score.cs.</summary>
    public static readonly FileLimit EntryScript = new("entry scripts", 16L << 20);

    /// <summary>A request body read from a file (<c>berth service run -d @file</c>); the replicas accept 100 MiB.</summary>
    public static readonly FileLimit InputData = new("request bodies", 100L << 20);

    /// <summary>"1 MiB", "4.2 GB": sizes in messages.</summary>
    public static string Format(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (double)(1L << 30):0.#} GiB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):0.#} MiB",
        >= 1L << 10 => $"{bytes / (double)(1L << 10):0.#} KiB",
        _ => $"{bytes} bytes",
    };
}

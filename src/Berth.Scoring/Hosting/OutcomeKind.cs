namespace Berth.Scoring.Hosting;

/// <summary>How a /score request ended (the byte values are the worker wire values).</summary>
internal enum OutcomeKind : byte
{
    /// <summary>run() returned a value; the body is its JSON.</summary>
    Ok = 0,

    /// <summary>run() returned a raw response object (AMLResponse).</summary>
    Response = 1,

    /// <summary>run() raised; the body is the exception text.</summary>
    RunFailed = 2,

    /// <summary>The server failed around run() (e.g. the result is not JSON-serializable).</summary>
    InternalError = 3,

    /// <summary>The input was rejected before run(); the body is the message.</summary>
    ClientError = 4,

    /// <summary>run() exceeded the scoring timeout.</summary>
    Timeout = 5,

    /// <summary>run() returned a raw response whose body is a generator: the body follows in chunks (<see cref="ScoreOutcome.Stream"/>).</summary>
    Streamed = 6,
}

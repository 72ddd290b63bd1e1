namespace Berth.Diagnosis.Parsing;

/// <summary>A traceback found in a log: the chain of exceptions, oldest cause first, and where it is in the log.</summary>
internal sealed record ParsedTraceback(int StartLine, int EndLine, IReadOnlyList<ExceptionBlock> Chain)
{
    /// <summary>
    /// The exception to report: the last one in the chain raised through user code (a server's wrapper exception
    /// comes after it and has no user frame), or the first when none went through user code.
    /// </summary>
    public ExceptionBlock Primary => Chain.LastOrDefault(b => b.UserFrame is not null) ?? Chain[0];

    /// <summary>The deepest user frame of <see cref="Primary"/>, or its last frame.</summary>
    public StackFrame? Location => Primary.UserFrame ?? (Primary.Frames.Count > 0 ? Primary.Frames[^1] : null);

    /// <summary>True when a user frame of the chain is in a function named <paramref name="method"/> (case-insensitive).</summary>
    public bool PassesThrough(string method) =>
        Chain.Any(b => b.Frames.Any(f => f.IsUserCode && string.Equals(f.Method, method, StringComparison.OrdinalIgnoreCase)));
}

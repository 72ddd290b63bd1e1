namespace Berth.Errors;

/// <summary>
/// A user or domain error with a stable dotted <see cref="Code"/> (for example <c>model.not_found</c>)
/// and a <see cref="Hint"/> that tells the user what to do about it.
/// </summary>
public class BerthException : Exception
{
    public BerthException(string code, string message, string? hint = null, bool isTransient = false, Exception? inner = null)
        : base(message, inner)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        Code = code;
        Hint = hint;
        IsTransient = isTransient;
    }

    /// <summary>Stable machine-readable code, e.g. <c>model.not_found</c>.</summary>
    public string Code { get; }

    /// <summary>What the user can do about it; null when there is nothing useful to say.</summary>
    public string? Hint { get; }

    /// <summary>True when retrying the same operation later may succeed.</summary>
    public bool IsTransient { get; }
}

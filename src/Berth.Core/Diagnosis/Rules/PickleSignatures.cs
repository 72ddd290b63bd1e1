namespace Berth.Diagnosis.Rules;

/// <summary>Module errors that mean "pickled with another library version", not "package missing".</summary>
internal static class PickleSignatures
{
    private static readonly string[] Prefixes = ["sklearn.", "numpy._core", "numpy.core.", "pandas.core.", "xgboost.", "lightgbm."];

    /// <summary>True for a missing submodule of an installed library, as unpickling an object from another version gives.</summary>
    public static bool IsVersionedSubmodule(string module) => Prefixes.Any(p => module.StartsWith(p, StringComparison.Ordinal));

    /// <summary>
    /// True when <paramref name="block"/> is a missing versioned submodule raised inside library code (the unpickler),
    /// not by an import statement in the user's script (<c>from sklearn.externals import joblib</c> is a code problem).
    /// </summary>
    public static bool IsUnpickleError(Parsing.ExceptionBlock block, string module) =>
        IsVersionedSubmodule(module) && (block.Frames.Count == 0 || !block.Frames[^1].IsUserCode || CallsALoader(block.Frames[^1]));

    /// <summary>
    /// True when the user's own line is a deserializer call (<c>pickle.load(f)</c>, <c>joblib.load(path)</c>): the C
    /// unpickler raises from the caller's frame, so the last frame is the user's even though the import is the pickle's.
    /// </summary>
    private static bool CallsALoader(Parsing.StackFrame frame) =>
        frame.Code is { } code && (code.Contains("pickle.load", StringComparison.Ordinal) || code.Contains("pickle.loads", StringComparison.Ordinal)
            || code.Contains("joblib.load", StringComparison.Ordinal) || code.Contains("dill.load", StringComparison.Ordinal));
}

using System.Runtime.Loader;

namespace Berth.Scoring.CSharp;

/// <summary>
/// .dll files next to score.cs (and in AZUREML_SOURCE_DIRECTORY): referenced by the compilation and
/// loaded from there when the script first uses them. Besides them, every script may use what berth-scoring itself
/// ships (<see cref="Provided"/>): ONNX Runtime's managed API, so a score.cs can open an <c>InferenceSession</c>.
/// </summary>
internal static class ScriptLibraries
{
    /// <summary>berth-scoring's own assemblies a script may reference without shipping them: Microsoft.ML.OnnxRuntime.</summary>
    public static IReadOnlyList<string> Provided { get; } = [typeof(Microsoft.ML.OnnxRuntime.InferenceSession).Assembly.Location];

    /// <summary>The provided assemblies the script's own libraries do not replace (one reference per assembly name).</summary>
    public static IEnumerable<string> ProvidedBesides(IReadOnlyList<string> libraries) =>
        Provided.Where(p => libraries.All(l => !string.Equals(Path.GetFileName(l), Path.GetFileName(p), StringComparison.OrdinalIgnoreCase)));

    public static IReadOnlyList<string> Find(params string?[] directories) =>
        directories.Where(d => d is not null && Directory.Exists(d))
            .Distinct(StringComparer.Ordinal)
            .SelectMany(d => Directory.GetFiles(d!, "*.dll"))
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>Lets the default load context find the libraries by assembly name.</summary>
    public static void InstallResolver(IReadOnlyList<string> libraries)
    {
        if (libraries.Count == 0) return;
        var byName = libraries.GroupBy(p => Path.GetFileNameWithoutExtension(p), StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        AssemblyLoadContext.Default.Resolving += (context, name) =>
            name.Name is { } n && byName.TryGetValue(n, out var path) ? context.LoadFromAssemblyPath(path) : null;
    }

    /// <summary>What identifies the libraries' versions in the cache key.</summary>
    public static string Fingerprint(IReadOnlyList<string> libraries) =>
        string.Join('\n', libraries.Select(p => $"{p}|{new FileInfo(p).Length}|{File.GetLastWriteTimeUtc(p).Ticks}"));
}

using System.Reflection;
using System.Runtime.Loader;
using System.Security.Cryptography;
using System.Text;
using Berth.Scoring.Hosting;
using Berth.Scoring.Logging;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;

namespace Berth.Scoring.CSharp;

/// <summary>
/// Compiles score.cs with Roslyn against the running framework, together with the script API
/// (ScriptApi/*.cs), and caches the assembly on disk by content hash.
/// </summary>
internal sealed class ScriptCompiler
{
    /// <summary>Part of the cache key: change it whenever the compilation or emit options change.</summary>
    private const string CompileSettings = "release;nullable;unsafe;pdb-embedded;v3;onnxruntime";
    private static readonly string[] ApiFiles = ["GlobalUsings.cs", "Model.cs", "AMLResponse.cs"];
    private readonly string _cacheDirectory;
    private readonly PlatformLog _log;

    public ScriptCompiler(string cacheDirectory, PlatformLog log)
    {
        _cacheDirectory = cacheDirectory;
        _log = log;
    }

    /// <summary>The compiled script; logs the compiler's errors and throws a boot failure when it does not compile.</summary>
    public Assembly Compile(string scriptPath, IReadOnlyList<string> libraries)
    {
        var source = File.ReadAllText(scriptPath);
        var api = ApiFiles.Select(f => (f, ReadApi(f))).ToArray();
        var hash = Hash(source + "\0" + ScriptLibraries.Fingerprint(libraries), api);
        var cached = Path.Combine(_cacheDirectory, hash + ".dll");
        if (File.Exists(cached))
        {
            _log.Info(LogNames.UserScript, $"Using the compiled {Path.GetFileName(scriptPath)} from the cache ({cached})");
            return AssemblyLoadContext.Default.LoadFromAssemblyPath(cached);
        }

        var started = Environment.TickCount64;
        var image = Emit(scriptPath, source, api, "score_" + hash[..16], libraries);
        var elapsed = Environment.TickCount64 - started;
        try
        {
            Directory.CreateDirectory(_cacheDirectory);
            var temp = cached + "." + Environment.ProcessId + ".tmp";
            File.WriteAllBytes(temp, image);
            File.Move(temp, cached, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _log.Warning(LogNames.UserScript, $"Compiled {Path.GetFileName(scriptPath)} in {elapsed} ms; it cannot be cached in {_cacheDirectory} ({e.Message}), so the next start compiles it again. Set BERTH_HOME to a writable folder.");
            return AssemblyLoadContext.Default.LoadFromStream(new MemoryStream(image));
        }

        _log.Info(LogNames.UserScript, $"Compiled {Path.GetFileName(scriptPath)} in {elapsed} ms (cached at {cached})");
        return AssemblyLoadContext.Default.LoadFromAssemblyPath(cached);
    }

    private byte[] Emit(string scriptPath, string source, (string Name, string Text)[] api, string assemblyName, IReadOnlyList<string> libraries)
    {
        var parse = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = new List<SyntaxTree> { CSharpSyntaxTree.ParseText(source, parse, Path.GetFileName(scriptPath), Encoding.UTF8) };
        trees.AddRange(api.Select(a => CSharpSyntaxTree.ParseText(a.Text, parse, "berth/" + a.Name, Encoding.UTF8)));
        var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary,
            optimizationLevel: OptimizationLevel.Release, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true);
        var compilation = CSharpCompilation.Create(assemblyName, trees, References(libraries), options);
        using var image = new MemoryStream();
        // An embedded portable PDB with the source: exceptions in the log name score.cs:line N, and a debugger attached
        // to berth-scoring can step through the script.
        var result = compilation.Emit(image,
            options: new EmitOptions(debugInformationFormat: DebugInformationFormat.Embedded),
            embeddedTexts: trees.Select(t => EmbeddedText.FromSource(t.FilePath, t.GetText())));
        if (!result.Success)
        {
            var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            _log.Error(LogNames.UserScript, $"{Path.GetFileName(scriptPath)} did not compile ({errors.Count} error(s)):");
            foreach (var error in errors) _log.Raw(error.ToString());
            throw BootFailure.Create($"{Path.GetFileName(scriptPath)} did not compile: {errors[0]}");
        }

        return image.ToArray();
    }

    private static List<MetadataReference> References(IReadOnlyList<string> libraries)
    {
        var frameworkDir = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var tpa = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "").Split(Path.PathSeparator);
        return tpa.Where(p => p.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) && Path.GetDirectoryName(p) == frameworkDir)
            .Concat(ScriptLibraries.ProvidedBesides(libraries))
            .Concat(libraries)
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .ToList();
    }

    private static string ReadApi(string name)
    {
        using var stream = typeof(ScriptCompiler).Assembly.GetManifestResourceStream("ScriptApi/" + name)
            ?? throw new InvalidOperationException($"missing embedded resource ScriptApi/{name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static string Hash(string source, (string Name, string Text)[] api)
    {
        var text = new StringBuilder(source);
        foreach (var (name, body) in api) text.Append('\0').Append(name).Append('\0').Append(body);
        text.Append('\0').Append(typeof(CSharpCompilation).Assembly.GetName().Version).Append('\0').Append(Environment.Version);
        text.Append('\0').Append(CompileSettings);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}

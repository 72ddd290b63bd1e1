using System.Text.RegularExpressions;

namespace Berth.Diagnosis.Rules;

/// <summary>Import names to the pip packages that provide them, and matching of environment entries.</summary>
internal static partial class PackageNames
{
    private static readonly Dictionary<string, string> PipByImport = new(StringComparer.Ordinal)
    {
        ["sklearn"] = "scikit-learn",
        ["sklearn.externals.joblib"] = "joblib",
        ["cv2"] = "opencv-python",
        ["PIL"] = "pillow",
        ["yaml"] = "pyyaml",
        ["skimage"] = "scikit-image",
        ["bs4"] = "beautifulsoup4",
        ["dateutil"] = "python-dateutil",
        ["dotenv"] = "python-dotenv",
        ["jwt"] = "pyjwt",
        ["Crypto"] = "pycryptodome",
        ["OpenSSL"] = "pyopenssl",
        ["attr"] = "attrs",
        ["serial"] = "pyserial",
        ["zmq"] = "pyzmq",
        ["git"] = "gitpython",
        ["fitz"] = "pymupdf",
        ["docx"] = "python-docx",
        ["pptx"] = "python-pptx",
        ["magic"] = "python-magic",
        ["Levenshtein"] = "python-Levenshtein",
        ["google.protobuf"] = "protobuf",
        ["tensorflow_hub"] = "tensorflow-hub",
        ["mpl_toolkits"] = "matplotlib",
        ["azureml"] = "azureml-defaults",
        ["inference_schema"] = "inference-schema",
        ["onnxruntime"] = "onnxruntime",
        ["win32api"] = "pywin32",
        ["gi"] = "pygobject",
        ["sentence_transformers"] = "sentence-transformers",
    };

    /// <summary>The pip package for an import: <c>sklearn</c> → <c>scikit-learn</c>; otherwise the top-level name.</summary>
    public static string PipName(string module)
    {
        if (PipByImport.TryGetValue(module, out var exact))
        {
            return exact;
        }

        var top = TopLevel(module);
        return PipByImport.TryGetValue(top, out var pip) ? pip : top.Replace('_', '-');
    }

    /// <summary>The first component of a dotted module name.</summary>
    public static string TopLevel(string module)
    {
        var dot = module.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? module : module[..dot];
    }

    /// <summary>The environment entry (pip or conda) that installs <paramref name="pipName"/>, or null.</summary>
    public static string? FindEntry(EnvironmentPackages? environment, string pipName)
    {
        if (environment is null)
        {
            return null;
        }

        var wanted = Normalize(pipName);
        return environment.PipPackages.Concat(environment.CondaPackages).FirstOrDefault(p => Normalize(RequirementName(p)) == wanted);
    }

    /// <summary>The pinned version in an entry (<c>scikit-learn==1.5.2</c> → <c>1.5.2</c>, conda <c>numpy=1.26</c> → <c>1.26</c>), or null.</summary>
    public static string? PinnedVersion(string entry)
    {
        var m = Pin().Match(entry);
        return m.Success ? m.Groups["v"].Value : null;
    }

    private static string RequirementName(string entry)
    {
        var e = entry.Trim();
        var channel = e.IndexOf("::", StringComparison.Ordinal);
        if (channel >= 0)
        {
            e = e[(channel + 2)..];
        }

        var end = e.IndexOfAny(['=', '<', '>', '!', '~', ';', '[', ' ', '@']);
        return end < 0 ? e : e[..end];
    }

    private static string Normalize(string name) => Separators().Replace(name.Trim().ToLowerInvariant(), "-");

    [GeneratedRegex(@"[-_.]+")]
    private static partial Regex Separators();

    [GeneratedRegex(@"(?<![<>!~])==?(?<v>[\w.+*-]+)")]
    private static partial Regex Pin();
}

using System.Text.RegularExpressions;

namespace Berth.Environments;

/// <summary>
/// The Debian package that ships a pip package for the system Python (<c>scikit-learn</c> → <c>python3-sklearn</c>,
/// <c>pandas</c> → <c>python3-pandas</c>), and the upstream version in a Debian version (<c>1:1.24.2-1</c> → <c>1.24.2</c>).
/// Debian names a module package after its import name; the table lists the pip names that differ from it.
/// </summary>
public static partial class DebianPackageNames
{
    private static readonly Dictionary<string, string> ByPipName = new(StringComparer.Ordinal)
    {
        ["scikit-learn"] = "python3-sklearn",
        ["scikit-image"] = "python3-skimage",
        ["pyyaml"] = "python3-yaml",
        ["pillow"] = "python3-pil",
        ["opencv-python"] = "python3-opencv",
        ["opencv-python-headless"] = "python3-opencv",
        ["beautifulsoup4"] = "python3-bs4",
        ["python-dateutil"] = "python3-dateutil",
        ["python-dotenv"] = "python3-dotenv",
        ["pyzmq"] = "python3-zmq",
        ["attrs"] = "python3-attr",
        ["pyjwt"] = "python3-jwt",
        ["pyserial"] = "python3-serial",
    };

    /// <summary>The Debian package name for a pip name (normalized: lower case, <c>_</c> and <c>.</c> as <c>-</c>).</summary>
    public static string For(string pipName)
    {
        ArgumentNullException.ThrowIfNull(pipName);
        var name = Separators().Replace(pipName.Trim().ToLowerInvariant(), "-");
        return ByPipName.TryGetValue(name, out var debian) ? debian : "python3-" + name;
    }

    /// <summary>
    /// The upstream version in a Debian version, comparable with pip versions: the epoch (<c>1:</c>), the Debian
    /// revision (<c>-2</c>, <c>-1+b1</c>) and repack suffixes (<c>+dfsg</c>, <c>+ds</c>) removed.
    /// </summary>
    public static string UpstreamVersion(string debianVersion)
    {
        ArgumentNullException.ThrowIfNull(debianVersion);
        var version = Epoch().Replace(debianVersion.Trim(), string.Empty);
        var revision = version.LastIndexOf('-');
        if (revision > 0)
        {
            version = version[..revision];
        }

        return Repack().Replace(version, string.Empty).Replace("~", string.Empty, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"[-_.]+")]
    private static partial Regex Separators();

    [GeneratedRegex(@"^\d+:")]
    private static partial Regex Epoch();

    [GeneratedRegex(@"[+~](?:dfsg|ds|repack|really).*$")]
    private static partial Regex Repack();
}

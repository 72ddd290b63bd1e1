using System.Text.RegularExpressions;
using Berth.Server.Deployment;

namespace Berth.Server.Targets.Docker;

/// <summary>
/// The package index the image build's pip uses: the server's own settings, as its pip would use them on this machine
/// (the local target's installs): <c>PIP_INDEX_URL</c>, <c>PIP_EXTRA_INDEX_URL</c> and <c>PIP_TRUSTED_HOST</c> from the
/// environment, else the pip.conf values <c>pip config list</c> reports (<c>global.index-url='...'</c>, or the
/// <c>install</c> section's). They reach the Dockerfile as build arguments, so no pip.conf is copied into the image and no
/// credential in it stays in a layer.
/// </summary>
internal static partial class PipIndexArguments
{
    private static readonly (string Variable, string Key)[] Settings =
    [
        ("PIP_INDEX_URL", "index-url"),
        ("PIP_EXTRA_INDEX_URL", "extra-index-url"),
        ("PIP_TRUSTED_HOST", "trusted-host"),
    ];

    /// <summary>The build arguments for the server's environment and its <c>pip config list</c> output.</summary>
    public static Dictionary<string, string> For(Func<string, string?> environment, IEnumerable<string> pipConfigList)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var config = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in pipConfigList)
        {
            // install.* overrides global.* for `pip install`, as pip reads them.
            if (ConfigLine().Match(line.Trim()) is { Success: true } m && (m.Groups["section"].Value == "install" || !config.ContainsKey(m.Groups["key"].Value)))
            {
                config[m.Groups["key"].Value] = m.Groups["value"].Value.Replace('\n', ' ');
            }
        }

        var args = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (variable, key) in Settings)
        {
            if (environment(variable) is { Length: > 0 } value)
            {
                args[variable] = value;
            }
            else if (config.TryGetValue(key, out var configured) && configured.Length > 0)
            {
                args[variable] = configured;
            }
        }

        return args;
    }

    /// <summary>The server's <c>pip config list</c>, or nothing when pip is not there.</summary>
    public static async Task<List<string>> ReadPipConfigAsync(CancellationToken cancellationToken)
    {
        try
        {
            var (exit, output) = await ToolProcess.RunAsync("python3", ["-m", "pip", "config", "list"], TimeSpan.FromSeconds(20), cancellationToken);
            return exit == 0 ? output : [];
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return [];
        }
    }

    [GeneratedRegex(@"^(?<section>global|install)\.(?<key>index-url|extra-index-url|trusted-host)='(?<value>.*)'$")]
    private static partial Regex ConfigLine();
}

using System.Text.RegularExpressions;

namespace Berth.Environments;

/// <summary>
/// Translates conda version specs to pip (PEP 440) specifiers. Conda's <c>=1.2</c> and a bare <c>1.2</c> mean any
/// 1.2.x (<c>==1.2.*</c>); <c>==1.2</c>, <c>&gt;=1.0,&lt;2</c> and the other operators mean the same in pip; a build
/// string (<c>=1.2.3=py39_0</c>) has no pip meaning and is dropped, leaving the exact version conda would match.
/// </summary>
public static partial class CondaVersions
{
    private static readonly string[] Operators = ["===", "==", "!=", "<=", ">=", "~=", "<", ">", "="];

    /// <summary>The pip specifier for <paramref name="condaSpec"/> (empty for none), or null and an error sentence.</summary>
    public static string? ToPipSpecifier(string condaSpec, out string? error)
    {
        ArgumentNullException.ThrowIfNull(condaSpec);
        error = null;
        var spec = RequirementParser.RemoveWhitespace(condaSpec);
        if (spec.Length == 0)
        {
            return string.Empty;
        }

        if (spec.Contains('|', StringComparison.Ordinal))
        {
            error = $"conda's \"|\" (either version) in \"{spec}\" has no pip equivalent; pick one version range";
            return null;
        }

        var clauses = new List<string>();
        foreach (var clause in spec.Split(','))
        {
            if (Clause(clause) is not { } pip)
            {
                error = $"\"{clause}\" in \"{spec}\" is not a conda version spec that can be translated to pip; write it like =1.2, ==1.2.3 or >=1.0,<2";
                return null;
            }

            clauses.Add(pip);
        }

        return string.Join(',', clauses);
    }

    /// <summary>The pip specifier for an environment's <c>python</c> pin (<c>3.8</c> → <c>==3.8.*</c>, <c>&gt;=3.9</c> unchanged), or null.</summary>
    public static string? PythonSpecifier(string pythonVersion) => ToPipSpecifier(pythonVersion, out _);

    /// <summary>The pin as the user wrote it in conda terms: <c>python=3.8</c>, <c>python&gt;=3.9</c>.</summary>
    public static string DescribePythonPin(string pythonVersion)
    {
        ArgumentNullException.ThrowIfNull(pythonVersion);
        return pythonVersion.Length > 0 && char.IsAsciiDigit(pythonVersion[0]) ? $"python={pythonVersion}" : $"python{pythonVersion}";
    }

    private static string? Clause(string clause)
    {
        var op = Operators.FirstOrDefault(o => clause.StartsWith(o, StringComparison.Ordinal)) ?? string.Empty;
        var version = clause[op.Length..];
        var build = version.IndexOf('=', StringComparison.Ordinal);
        var hasBuild = build >= 0;
        if (hasBuild)
        {
            version = version[..build];
        }

        if (!Version().IsMatch(version))
        {
            return null;
        }

        if (version.EndsWith('*') && !version.EndsWith(".*", StringComparison.Ordinal))
        {
            version = version[..^1] + ".*";   // conda's 1.2* is pip's 1.2.*
        }

        if (op is "=" or "")
        {
            // Conda's fuzzy match: =1.2 is any 1.2.x; with a build string the version is exact.
            return hasBuild || version.EndsWith(".*", StringComparison.Ordinal) ? "==" + version : $"=={version}.*";
        }

        return version.Contains('*', StringComparison.Ordinal) && op is not ("==" or "!=") ? null : op + version;
    }

    [GeneratedRegex(@"^[0-9][0-9A-Za-z.+!_-]*\*?$")]
    private static partial Regex Version();
}

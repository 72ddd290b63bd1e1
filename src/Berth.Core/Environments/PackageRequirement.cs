namespace Berth.Environments;

/// <summary>
/// One conda or pip package: its name as written (a conda name may carry a <c>channel::</c> prefix),
/// optional extras (pip, without brackets), the version specifier as written with whitespace removed
/// (e.g. <c>&gt;=1.2,&lt;2</c>, <c>=1.21</c>, or <c>@ https://...</c>), and the environment marker
/// (pip, the text after <c>;</c>).
/// </summary>
public sealed record PackageRequirement(string Name, string Specifier, string? Extras = null, string? Marker = null)
{
    /// <summary>The requirement as a pip or conda line.</summary>
    public override string ToString()
    {
        var text = Name;
        if (!string.IsNullOrEmpty(Extras))
        {
            text += $"[{Extras}]";
        }

        text += Specifier.StartsWith('@') ? " " + Specifier : Specifier;
        return string.IsNullOrEmpty(Marker) ? text : $"{text}; {Marker}";
    }
}

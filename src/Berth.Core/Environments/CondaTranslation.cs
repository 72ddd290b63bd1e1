namespace Berth.Environments;

/// <summary>
/// One conda package as pip sees it: the pip requirement that installs it (<c>pytorch=2.2</c> → <c>torch==2.2.*</c>),
/// or why there is none: it is not a Python package (<c>libgcc</c>, <c>cudatoolkit</c>), or its version spec has no
/// pip equivalent (<see cref="Error"/>).
/// </summary>
/// <param name="Conda">The conda spec as written (<c>conda-forge::pytorch=2.2</c>).</param>
/// <param name="PipName">The pip name (<c>torch</c>), or null for a package that is not Python.</param>
/// <param name="PipRequirement">The pip requirement (<c>torch==2.2.*</c>), or null when there is none to install.</param>
/// <param name="Error">Why the version spec cannot be translated, or null.</param>
public sealed record CondaTranslation(string Conda, string? PipName, string? PipRequirement, string? Error)
{
    /// <summary>True for a C library, compiler or toolkit that pip has nothing to install for.</summary>
    public bool IsNotPython => PipName is null && Error is null;

    /// <summary>Translates one conda package (see <see cref="CondaPackageNames"/> and <see cref="CondaVersions"/>).</summary>
    public static CondaTranslation Of(PackageRequirement package)
    {
        ArgumentNullException.ThrowIfNull(package);
        var written = package.Name + package.Specifier;
        if (CondaPackageNames.IsNotPython(package.Name))
        {
            return new CondaTranslation(written, null, null, null);
        }

        var name = CondaPackageNames.PipName(package.Name);
        var specifier = CondaVersions.ToPipSpecifier(package.Specifier, out var error);
        return specifier is null
            ? new CondaTranslation(written, name, null, $"conda package \"{written}\": {error}")
            : new CondaTranslation(written, name, name + specifier, null);
    }
}

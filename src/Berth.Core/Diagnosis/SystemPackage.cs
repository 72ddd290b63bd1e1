namespace Berth.Diagnosis;

/// <summary>A package the machine's package manager can install for a requirement (it provides the system Python's module).</summary>
/// <param name="Requirement">The requirement it is for, as given to pip (<c>pandas==1.4.0</c>).</param>
/// <param name="Package">The system package (<c>python3-pandas</c>).</param>
/// <param name="Version">The upstream version it would install (<c>1.5.3</c>).</param>
/// <param name="SatisfiesRequirement">Whether that version satisfies the requirement's specifier; null when unknown.</param>
public sealed record SystemPackage(string Requirement, string Package, string Version, bool? SatisfiesRequirement);

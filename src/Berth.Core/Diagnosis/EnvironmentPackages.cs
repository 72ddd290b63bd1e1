namespace Berth.Diagnosis;

/// <summary>The packages an environment definition lists, as written (<c>scikit-learn==1.5.2</c>, <c>numpy&gt;=2</c>).</summary>
/// <param name="Name">The environment's name.</param>
/// <param name="SourceFile">The file the user edits (<c>myenv.yml</c>, <c>requirements.txt</c>), named in remedies.</param>
/// <param name="PipPackages">The <c>pip:</c> list or requirements lines.</param>
/// <param name="CondaPackages">The conda <c>dependencies</c> (without the pip list).</param>
public sealed record EnvironmentPackages(
    string Name, string? SourceFile, IReadOnlyList<string> PipPackages, IReadOnlyList<string> CondaPackages)
{
    /// <summary>The file name to use in remedies.</summary>
    public string FileForRemedy => SourceFile ?? $"the environment '{Name}'";
}

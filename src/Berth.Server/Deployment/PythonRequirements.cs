using Berth.Environments;

namespace Berth.Server.Deployment;

/// <summary>
/// What an environment asks of the Python that runs its replicas: pip requirements by package name (conda packages
/// translated to pip, see <see cref="CondaTranslation"/>), the python pin, and notes on what is not installed and why
/// (Berth provides it, it is no Python package). Only what Berth really provides is left out.
/// </summary>
/// <param name="Wanted">Package name to the pip requirement to check and install (<c>scikit-learn</c> → <c>scikit-learn==0.22.1</c>).</param>
/// <param name="Notes">Progress lines on the packages left out.</param>
/// <param name="Errors">Conda specs that have no pip equivalent; the environment cannot be prepared as written.</param>
/// <param name="PythonPin">The python pin as written (<c>python=3.8</c>), or null.</param>
/// <param name="PythonSpecifier">The pin as a PEP 440 specifier for the interpreter's version (<c>==3.8.*</c>), or null.</param>
internal sealed record PythonRequirements(
    IReadOnlyDictionary<string, string> Wanted, IReadOnlyList<string> Notes, IReadOnlyList<string> Errors, string? PythonPin, string? PythonSpecifier)
{
    /// <summary>Packages Berth itself provides inside every replica (its azureml shim), or that need no install.</summary>
    internal static readonly IReadOnlySet<string> Provided = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "python", "pip", "setuptools", "wheel", "azureml-defaults", "azureml-core", "azureml-inference-server-http",
        "inference-schema", "azureml-contrib-services",
    };

    /// <summary>The requirements of <paramref name="definition"/> (none for null).</summary>
    public static PythonRequirements From(EnvironmentDefinition? definition)
    {
        var wanted = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var notes = new List<string>();
        var errors = new List<string>();
        var provided = new List<string>();
        foreach (var package in definition?.CondaPackages ?? [])
        {
            var translation = CondaTranslation.Of(package);
            if (translation.IsNotPython)
            {
                notes.Add($"environment: skipping conda package {translation.Conda}: not a Python package, pip has nothing to install for it");
            }
            else if (translation.Error is { } error)
            {
                errors.Add(error);
            }
            else
            {
                Add(wanted, provided, translation.PipName!, translation.PipRequirement!);
            }
        }

        foreach (var package in definition?.PipPackages ?? [])
        {
            Add(wanted, provided, package.Name, package.ToString());
        }

        if (provided.Count > 0)
        {
            notes.Add($"environment: provided by Berth, not installed: {string.Join(", ", provided)}");
        }

        var pin = definition?.PythonVersion is { Length: > 0 } version ? version : null;
        return new PythonRequirements(wanted, notes, errors, pin is null ? null : CondaVersions.DescribePythonPin(pin), pin is null ? null : CondaVersions.PythonSpecifier(pin));
    }

    private static void Add(Dictionary<string, string> wanted, List<string> provided, string name, string requirement)
    {
        if (Provided.Contains(name.Replace('_', '-').Replace('.', '-')))
        {
            provided.Add(requirement);
        }
        else
        {
            wanted[name] = requirement;
        }
    }
}

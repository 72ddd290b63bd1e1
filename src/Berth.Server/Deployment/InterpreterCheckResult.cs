namespace Berth.Server.Deployment;

/// <summary>What an interpreter satisfies: each requirement with its installed version, or why it is missing.</summary>
/// <param name="Satisfied">Requirement to the installed version that satisfies it.</param>
/// <param name="Missing">Requirement to why it is not satisfied (<c>1.2.1 is installed</c>, <c>not installed</c>).</param>
/// <param name="NotApplicable">Requirements whose environment marker does not apply to this interpreter.</param>
/// <param name="Notes">What the check could not do (no <c>packaging</c>: names only).</param>
/// <param name="PythonVersion">The interpreter's version (<c>3.11.2</c>), when a python pin was checked.</param>
/// <param name="PythonMatches">Whether it matches the pin; null when unchecked or unknown.</param>
internal sealed record InterpreterCheckResult(
    IReadOnlyDictionary<string, string> Satisfied,
    IReadOnlyDictionary<string, string> Missing,
    IReadOnlyList<string> NotApplicable,
    IReadOnlyList<string> Notes,
    string? PythonVersion,
    bool? PythonMatches)
{
    /// <summary>Reads the check script's tab-separated lines (<c>ok</c>, <c>missing</c>, <c>skip</c>, <c>note</c>, <c>python</c>).</summary>
    public static InterpreterCheckResult Parse(IEnumerable<string> output)
    {
        var satisfied = new Dictionary<string, string>(StringComparer.Ordinal);
        var missing = new Dictionary<string, string>(StringComparer.Ordinal);
        var notApplicable = new List<string>();
        var notes = new List<string>();
        string? pythonVersion = null;
        bool? pythonMatches = null;
        foreach (var fields in output.Where(l => l.Length > 0).Select(l => l.Split('\t')))
        {
            switch (fields)
            {
                case ["ok", var requirement, var version]: satisfied[requirement] = version; break;
                case ["missing", var requirement, var reason]: missing[requirement] = reason; break;
                case ["skip", var requirement, _]: notApplicable.Add(requirement); break;
                case ["note", var note]: notes.Add(note); break;
                case ["python", var verdict, var version]:
                    pythonVersion = version;
                    pythonMatches = verdict switch { "ok" => true, "mismatch" => false, _ => null };
                    break;
                default: notes.Add("unexpected check output: " + string.Join(' ', fields)); break;
            }
        }

        return new InterpreterCheckResult(satisfied, missing, notApplicable, notes, pythonVersion, pythonMatches);
    }
}

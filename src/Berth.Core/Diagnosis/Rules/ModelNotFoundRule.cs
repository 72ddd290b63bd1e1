using System.Text.RegularExpressions;
using Berth.Diagnosis.Parsing;

namespace Berth.Diagnosis.Rules;

/// <summary>
/// The model was not where init() looked: <c>get_model_path()</c>'s <c>ModelNotFoundException</c> or "can contain
/// only 1 file or folder", or a <c>FileNotFoundError</c> for a model file. Shows what was looked for and what the
/// model directory holds (R11).
/// </summary>
internal sealed partial class ModelNotFoundRule : IDiagnosisRule
{
    private static readonly string[] ModelExtensions =
        [".pkl", ".pickle", ".joblib", ".sav", ".onnx", ".pt", ".pth", ".h5", ".keras", ".pb", ".safetensors", ".model", ".cbm", ".bin"];

    public string Code => DiagnosisCodes.ModelNotFound;

    public IReadOnlyCollection<string> Supersedes => [DiagnosisCodes.InitFailed];

    public ServiceDiagnosis? Evaluate(ServiceEvidence evidence)
    {
        var hit = EvidenceScan.Exceptions(evidence)
            .Where(x => x.Found.Phase == TracebackPhase.Start)
            .Select(x => (x.Found, x.Block, Kind: Classify(x.Block)))
            .LastOrDefault(x => x.Kind is not null);
        if (hit.Kind is null)
        {
            return null;
        }

        var listing = ModelDirectoryListing.FindLast(evidence);
        var at = hit.Found.Traceback.Location;
        var where = at is null ? evidence.EntryScript : $"{at.FileName} line {at.Line}";
        var lines = new List<string> { $"[{hit.Found.ReplicaId}] {LogLines.Clip(hit.Block.Line)}" };
        if (hit.Found.DescribeLocation() is string location)
        {
            lines.Add(location);
        }

        AddListing(lines, listing);
        var (what, g) = (hit.Kind.Value.What, hit.Kind.Value.Match.Groups);
        var (summary, remedy) = what switch
        {
            "name" => ByName(g["name"].Value, g["dir"].Value, g["cwd"].Value, where, listing, evidence),
            "dir" => ($"get_model_path() found more than one entry in {g["dir"].Value}: {g["found"].Value}.",
                $"Register the model as a single file or a single folder, or open the file inside os.getenv('AZUREML_MODEL_DIR') directly at {where}."),
            _ => ByPath(g["path"].Value, where, listing, evidence),
        };
        return new ServiceDiagnosis(Code, summary, lines, remedy, DiagnosisSeverity.Error);
    }

    private static (string What, Match Match)? Classify(ExceptionBlock block)
    {
        var text = block.FullText;
        if (NotInCache().Match(text) is { Success: true } byName)
        {
            return ("name", byName);
        }

        if (OneEntry().Match(text) is { Success: true } dir)
        {
            return ("dir", dir);
        }

        if (MissingFile().Match(text) is { Success: true } file && LooksLikeModel(file.Groups["path"].Value))
        {
            return ("path", file);
        }

        return null;
    }

    private static bool LooksLikeModel(string path) =>
        path.Contains("azureml-models", StringComparison.Ordinal)
        || path.Contains("AZUREML_MODEL_DIR", StringComparison.Ordinal)
        || ModelExtensions.Any(e => path.EndsWith(e, StringComparison.OrdinalIgnoreCase));

    private static (string, string) ByName(string name, string dir, string cwd, string where, ModelDirectoryListing? listing, ServiceEvidence e)
    {
        var summary = $"get_model_path('{name}') found no model named '{name}': it looked in {dir} and in the working directory {cwd}.";
        var names = listing?.ModelNames ?? [];
        var remedy = names.Count > 0
            ? $"The service has the model(s) {string.Join(", ", names.Select(n => $"'{n}'"))}: call Model.get_model_path('{names[0]}') at {where}, or deploy the model '{name}' with `berth service update {e.ServiceName} --model {name}`."
            : $"Deploy the model '{name}' with the service (`berth service update {e.ServiceName} --model {name}`), or pass the name of a model the service has to Model.get_model_path() at {where}.";
        return (summary, remedy);
    }

    private static (string, string) ByPath(string path, string where, ModelDirectoryListing? listing, ServiceEvidence e)
    {
        var summary = $"init() opened '{path}', which does not exist.";
        var files = listing?.Files ?? [];
        var ext = Path.GetExtension(path);
        var pick = files.FirstOrDefault(f => f.EndsWith(ext, StringComparison.OrdinalIgnoreCase) && ext.Length > 0) ?? (files.Count > 0 ? files[0] : null);
        var join = e.EntryScript.EndsWith(".cs", StringComparison.OrdinalIgnoreCase)
            ? $"Path.Combine(Environment.GetEnvironmentVariable(\"AZUREML_MODEL_DIR\")!, \"{pick}\")"
            : $"os.path.join(os.getenv('AZUREML_MODEL_DIR'), '{pick}')";
        var remedy = pick is null
            ? $"Change {where} to open the model file under AZUREML_MODEL_DIR (the model directory listing is empty or missing: check the model registered with `berth model show`), or register the model with '{Path.GetFileName(path)}' in it."
            : $"Change {where} to open {join} (the model directory holds {string.Join(", ", files.Take(5))}), or register the model with '{Path.GetFileName(path)}' in it.";
        return (summary, remedy);
    }

    private static void AddListing(List<string> lines, ModelDirectoryListing? listing)
    {
        if (listing is null)
        {
            lines.Add("the log has no 'Model Directory Contents:' listing");
            return;
        }

        lines.Add(LogLines.ModelDirectoryContents + (listing.Lines.Count == 0 ? " (empty)" : string.Empty));
        lines.AddRange(listing.Lines.Take(15).Select(l => "  " + l.Trim()));
        if (listing.Lines.Count > 15)
        {
            lines.Add($"  ... {listing.Lines.Count - 15} more lines");
        }
    }

    [GeneratedRegex(@"Model (?<name>\S+) not found in cache at (?<dir>\S+) or in current working directory (?<cwd>\S+?)\.?(?:\s+For more info|\s*$)", RegexOptions.Multiline)]
    private static partial Regex NotInCache();

    [GeneratedRegex(@"Dir (?<dir>\S+) can contain only 1 file or folder\. Found \[(?<found>[^\]]*)\]")]
    private static partial Regex OneEntry();

    [GeneratedRegex(@"(?:No such file or directory: |Could not find (?:file|a part of the path) )'(?<path>[^']+)'")]
    private static partial Regex MissingFile();
}

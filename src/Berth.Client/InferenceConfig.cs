using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.Configuration;

namespace Berth.Client;

/// <summary>
/// An entry script, an optional source directory shipped with it, and the environment, like the platform's
/// <c>InferenceConfig</c>. Validated when made: the script exists, the conda file parses.
/// </summary>
public sealed class InferenceConfig
{
    private InferenceConfig(JsonObject json, string baseDirectory)
    {
        Json = json;
        BaseDirectory = baseDirectory;
        Spec = InferenceConfigLoader.Parse(json.ToJsonString(), Path.Combine(baseDirectory, "inferenceconfig.json"), baseDirectory);
    }

    /// <param name="entryScript">score.py or score.cs, relative to <paramref name="sourceDirectory"/> when one is given.</param>
    /// <param name="sourceDirectory">A folder shipped with the script.</param>
    /// <param name="condaFile">A conda YAML for the environment.</param>
    /// <param name="environment">A registered environment to use instead.</param>
    public InferenceConfig(string entryScript, string? sourceDirectory = null, string? condaFile = null, ModelEnvironment? environment = null)
        : this(Build(entryScript, sourceDirectory, condaFile, environment), Directory.GetCurrentDirectory())
    {
    }

    public JsonObject Json { get; }

    public string BaseDirectory { get; }

    /// <summary>The validated config; every path in it is absolute.</summary>
    public InferenceConfigSpec Spec { get; }

    /// <summary>Reads an <c>inferenceconfig.json</c> in the platform's CLI format.</summary>
    public static InferenceConfig Load(string path)
    {
        var full = Path.GetFullPath(path);
        InferenceConfigLoader.Load(full);
        return new InferenceConfig(JsonNode.Parse(File.ReadAllText(full))!.AsObject(), Path.GetDirectoryName(full)!);
    }

    /// <summary>Writes the config with absolute paths, so it can be read from anywhere.</summary>
    public void Save(string path)
    {
        var json = new JsonObject { ["entryScript"] = Spec.EntryScript };
        if (Spec.SourceDirectory is { } source)
        {
            json["sourceDirectory"] = source;
            json["entryScript"] = Path.GetRelativePath(source, Spec.EntryScript);
        }

        foreach (var (key, value) in Json)
        {
            if (key is not ("entryScript" or "sourceDirectory"))
            {
                json[key] = key == "condaFile" && Spec.CondaFile is { } conda ? conda : value?.DeepClone();
            }
        }

        File.WriteAllText(path, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    private static JsonObject Build(string entryScript, string? sourceDirectory, string? condaFile, ModelEnvironment? environment)
    {
        ArgumentNullException.ThrowIfNull(entryScript);
        var json = new JsonObject { ["entryScript"] = entryScript };
        if (sourceDirectory is not null)
        {
            json["sourceDirectory"] = Path.GetFullPath(sourceDirectory);
        }

        if (condaFile is not null)
        {
            json["condaFile"] = Path.GetFullPath(condaFile);
        }

        if (environment?.Registered is { } registered)
        {
            json["environment"] = new JsonObject { ["name"] = registered.Name, ["version"] = registered.Version.ToString() };
        }

        return json;
    }
}

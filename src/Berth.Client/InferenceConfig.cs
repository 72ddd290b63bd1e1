using System.Text.Json;
using System.Text.Json.Nodes;
using Berth.Api.V1;
using Berth.Configuration;
using Berth.Files;

namespace Berth.Client;

/// <summary>
/// An entry script, an optional source directory shipped with it, and the environment, like the platform's
/// <c>InferenceConfig</c>. Validated when made: the script exists, the conda file parses. Deploying sends its text
/// and the files it names to the server.
/// </summary>
public sealed class InferenceConfig
{
    private static readonly JsonDocumentOptions Lenient = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    private InferenceConfig(string path, string text)
    {
        ConfigPath = path;
        Text = text;
        BaseDirectory = Path.GetDirectoryName(path)!;
        Spec = InferenceConfigLoader.Parse(text, path, BaseDirectory);
        Json = JsonNode.Parse(text, documentOptions: Lenient)!.AsObject();
    }

    /// <param name="entryScript">score.py or score.cs, relative to <paramref name="sourceDirectory"/> when one is given.</param>
    /// <param name="sourceDirectory">A folder shipped with the script.</param>
    /// <param name="condaFile">A conda YAML for the environment.</param>
    /// <param name="environment">A registered environment to use instead.</param>
    public InferenceConfig(string entryScript, string? sourceDirectory = null, string? condaFile = null, ModelEnvironment? environment = null)
        : this(Path.Combine(Directory.GetCurrentDirectory(), "inferenceconfig.json"), Indented(Build(entryScript, sourceDirectory, condaFile, environment)))
    {
    }

    /// <summary>
    /// No entry script: the service serves its model's one <c>.onnx</c> file with ONNX Runtime (<c>{"runtime": "onnx"}</c>);
    /// what <c>berth service deploy</c> sends when no <c>--ic</c> is given.
    /// </summary>
    public static InferenceConfig Onnx() =>
        new(Path.Combine(Directory.GetCurrentDirectory(), "inferenceconfig.json"), Indented(new JsonObject { ["runtime"] = "onnx" }));

    public JsonObject Json { get; }

    /// <summary>The folder relative paths are resolved from: the file's, or the current folder for a config made in code.</summary>
    public string BaseDirectory { get; }

    /// <summary>The file it was read from (for a config made in code, <c>inferenceconfig.json</c> in <see cref="BaseDirectory"/>, which need not exist).</summary>
    public string ConfigPath { get; }

    /// <summary>The config's text, as sent to the server (so its messages name the lines of the file).</summary>
    public string Text { get; }

    /// <summary>The validated config; every path in it is absolute.</summary>
    public InferenceConfigSpec Spec { get; }

    /// <summary>Reads an <c>inferenceconfig.json</c> in the platform's CLI format.</summary>
    public static InferenceConfig Load(string path)
    {
        var full = Path.GetFullPath(path);
        InferenceConfigLoader.Load(full);
        return new InferenceConfig(full, SafeFile.ReadAllText(full, "inference config", FileLimit.Config));
    }

    /// <summary>Writes the config with absolute paths, so it can be read from anywhere.</summary>
    public void Save(string path)
    {
        var entry = Spec.EntryScript;
        var json = entry is null ? [] : new JsonObject { ["entryScript"] = entry };
        if (Spec.SourceDirectory is { } source && entry is not null)
        {
            json["sourceDirectory"] = source;
            json["entryScript"] = Path.GetRelativePath(source, entry);
        }

        foreach (var (key, value) in Json)
        {
            if (key is not ("entryScript" or "sourceDirectory"))
            {
                json[key] = key == "condaFile" && Spec.CondaFile is { } conda ? conda : value?.DeepClone();
            }
        }

        File.WriteAllText(path, Indented(json));
    }

    internal ConfigFileDto ToFile() => new(ConfigPath, Text);

    private static string Indented(JsonObject json) => json.ToJsonString(new JsonSerializerOptions { WriteIndented = true });

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

using Berth.Api.V1;
using Berth.Configuration;

namespace Berth.Server.Deployment;

/// <summary>
/// One generation's app folder: a snapshot of the entry script (or the whole source directory) and the models laid
/// out as <c>azureml-models/&lt;name&gt;/&lt;version&gt;/...</c>, linked to the workspace's immutable copies.
/// </summary>
internal static class AppFolder
{
    private static readonly HashSet<string> Skipped = new(StringComparer.Ordinal) { "__pycache__", ".git", "bin", "obj", ".venv" };

    /// <returns>The app root, the entry script inside it, and AZUREML_MODEL_DIR.</returns>
    public static (string AppRoot, string EntryScript, string ModelDir) Build(
        string generationDirectory, InferenceConfigSpec inference, IReadOnlyList<ModelDto> models, Func<ModelDto, string> modelDirectory)
    {
        ArgumentNullException.ThrowIfNull(inference);
        ArgumentNullException.ThrowIfNull(models);
        var app = Path.Combine(generationDirectory, "app");
        if (Directory.Exists(app))
        {
            Directory.Delete(app, recursive: true);
        }

        Directory.CreateDirectory(app);
        string entry;
        if (inference.SourceDirectory is { } source)
        {
            CopyTree(source, app);
            entry = Path.Combine(app, Path.GetRelativePath(source, inference.EntryScript));
        }
        else
        {
            entry = Path.Combine(app, Path.GetFileName(inference.EntryScript));
            File.Copy(inference.EntryScript, entry);
        }

        var modelsRoot = Path.Combine(app, "azureml-models");
        foreach (var model in models)
        {
            var link = Path.Combine(modelsRoot, model.Name, model.Version.ToString());
            Directory.CreateDirectory(Path.GetDirectoryName(link)!);
            Directory.CreateSymbolicLink(link, modelDirectory(model));
        }

        var modelDir = models.Count == 1 ? Path.Combine(modelsRoot, models[0].Name, models[0].Version.ToString()) : modelsRoot;
        return (app, entry, modelDir);
    }

    /// <summary>Re-copies the entry script and source directory into an existing generation (reload), keeping the models.</summary>
    public static void RefreshScripts(string appRoot, InferenceConfigSpec inference)
    {
        if (inference.SourceDirectory is { } source)
        {
            CopyTree(source, appRoot);
        }
        else
        {
            File.Copy(inference.EntryScript, Path.Combine(appRoot, Path.GetFileName(inference.EntryScript)), overwrite: true);
        }
    }

    private static void CopyTree(string source, string target)
    {
        foreach (var directory in Directory.EnumerateDirectories(source))
        {
            var name = Path.GetFileName(directory);
            if (!Skipped.Contains(name) && name != "azureml-models")
            {
                var destination = Path.Combine(target, name);
                Directory.CreateDirectory(destination);
                CopyTree(directory, destination);
            }
        }

        foreach (var file in Directory.EnumerateFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)), overwrite: true);
        }
    }
}

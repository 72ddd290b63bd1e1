using Berth.Api.V1;
using Berth.Configuration;
using Berth.Errors;
using Berth.Files;

namespace Berth.Server.Deployment;

/// <summary>
/// One generation's app folder: a snapshot of the entry script (or the whole source directory) and the models laid
/// out as <c>azureml-models/&lt;name&gt;/&lt;version&gt;/...</c>, linked to the workspace's immutable copies.
/// </summary>
internal static class AppFolder
{
    private static readonly IReadOnlySet<string> Skipped = ConfigFiles.SkippedFolders;

    /// <summary>Deeper than this is a link loop, not a project.</summary>
    private const int MaxDepth = 64;

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
            CopyTree(source, app, 0);
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
            CopyTree(source, appRoot, 0);
        }
        else
        {
            File.Copy(inference.EntryScript, Path.Combine(appRoot, Path.GetFileName(inference.EntryScript)), overwrite: true);
        }
    }

    private static void CopyTree(string source, string target, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new BerthException(ErrorCodes.ConfigInvalid, $"the source directory nests deeper than {MaxDepth} folders at {source}", "a symbolic link in it probably points to a folder above it; remove the link");
        }

        foreach (var directory in Directory.EnumerateDirectories(source))
        {
            var name = Path.GetFileName(directory);
            if (!Skipped.Contains(name))
            {
                var destination = Path.Combine(target, name);
                Directory.CreateDirectory(destination);
                CopyTree(directory, destination, depth + 1);
            }
        }

        foreach (var file in Directory.EnumerateFiles(source))
        {
            // A FIFO would block the copy and a device would never end it.
            var status = FileStatus.Of(file);
            if (status is not { Kind: FileKind.Regular })
            {
                throw new BerthException(
                    ErrorCodes.FileNotRegular,
                    $"the source directory holds {file}, which is {(status is null ? "a broken symbolic link" : FileStatus.Describe(status.Kind))}, not a regular file",
                    "remove it from the source directory, or move it out");
            }

            File.Copy(file, Path.Combine(target, Path.GetFileName(file)), overwrite: true);
        }
    }
}

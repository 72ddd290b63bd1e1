using Berth.Api.V1;
using Berth.Configuration;
using Berth.Errors;
using Berth.Files;

namespace Berth.Server.Deployment;

/// <summary>
/// One generation's app folder (AML_APP_ROOT, the replica's working directory), laid out as the platform lays out
/// <c>/var/azureml-app</c>: the entry script alone at the top, or, with a source directory, that whole directory under
/// its own name (<c>&lt;app&gt;/&lt;source folder name&gt;/...</c>, named by AZUREML_SOURCE_DIRECTORY, so a script that opens
/// <c>./&lt;source folder name&gt;/extradata.json</c> finds it); and the models as
/// <c>azureml-models/&lt;name&gt;/&lt;version&gt;/...</c>, linked to the workspace's immutable copies.
/// </summary>
internal static class AppFolder
{
    private static readonly IReadOnlySet<string> Skipped = ConfigFiles.SkippedFolders;

    /// <summary>Deeper than this is a link loop, not a project.</summary>
    private const int MaxDepth = 64;

    /// <returns>
    /// The app root, the served file inside it (the entry script, or for a service with no script the ONNX model through
    /// its link under <c>azureml-models/</c>), and AZUREML_MODEL_DIR.
    /// </returns>
    public static (string AppRoot, string EntryScript, string ModelDir) Build(
        string generationDirectory, InferenceConfigSpec inference, IReadOnlyList<ModelDto> models, Func<ModelDto, string> modelDirectory, OnnxModelFile? onnx = null)
    {
        ArgumentNullException.ThrowIfNull(inference);
        ArgumentNullException.ThrowIfNull(models);
        var app = NewAppFolder(generationDirectory);
        string entry;
        if (inference.EntryScript is not { } script)
        {
            var served = onnx ?? throw new ArgumentException("a config with no entry script needs the ONNX model it serves", nameof(onnx));
            entry = Path.Combine(app, "azureml-models", served.Model.Name, served.Model.Version.ToString(), served.RelativePath);
        }
        else if (inference.SourceDirectory is { } source)
        {
            var copy = Path.Combine(app, SourceFolderName(source));
            Directory.CreateDirectory(copy);
            CopyTree(source, copy, 0);
            entry = Path.Combine(copy, Path.GetRelativePath(source, script));
        }
        else
        {
            entry = Path.Combine(app, Path.GetFileName(script));
            File.Copy(script, entry);
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

    private static string NewAppFolder(string generationDirectory)
    {
        var app = Path.Combine(generationDirectory, "app");
        if (Directory.Exists(app))
        {
            Directory.Delete(app, recursive: true);
        }

        Directory.CreateDirectory(app);
        return app;
    }

    /// <summary>
    /// The source directory's folder name inside the app root (AZUREML_SOURCE_DIRECTORY): its own name, as on the
    /// platform; a source directory that is a file system root has none, and is called <c>source</c>.
    /// </summary>
    public static string SourceFolderName(string sourceDirectory) =>
        Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(sourceDirectory))) is { Length: > 0 } name && name != "azureml-models"
            ? name
            : "source";

    /// <summary>Re-copies the entry script and source directory into an existing generation (reload), keeping the models.</summary>
    public static void RefreshScripts(string appRoot, InferenceConfigSpec inference)
    {
        if (inference.SourceDirectory is { } source)
        {
            CopyTree(source, Path.Combine(appRoot, SourceFolderName(source)), 0);
        }
        else if (inference.EntryScript is { } script)
        {
            File.Copy(script, Path.Combine(appRoot, Path.GetFileName(script)), overwrite: true);
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

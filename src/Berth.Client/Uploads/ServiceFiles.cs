using Berth.Api.V1;
using Berth.Configuration;
using Berth.Errors;
using Berth.Files;
using Berth.Models;

namespace Berth.Client.Uploads;

/// <summary>
/// What the SDK and CLI send for a deploy or a model registration: the configs' text, and an upload of the files they
/// name (the entry script or the whole source directory, the conda file), read from this machine's disk.
/// </summary>
internal static class ServiceFiles
{
    /// <summary>Reads a config file the user names (a regular file of at most 1 MiB), keeping its absolute path.</summary>
    public static ConfigFileDto ReadConfig(string path, string what)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        return new ConfigFileDto(full, SafeFile.ReadAllText(full, what, FileLimit.Config));
    }

    /// <summary>
    /// The files an inference config names, at their absolute paths. A config that does not validate still sends what
    /// it names: the server lists its problems together with every other one (models, deployment config).
    /// </summary>
    public static UploadSet ForInferenceConfig(ConfigFileDto inferenceConfig)
    {
        ArgumentNullException.ThrowIfNull(inferenceConfig);
        var files = ConfigFiles.OnDisk();
        try
        {
            InferenceConfigLoader.Parse(inferenceConfig.Content, inferenceConfig.Path, Path.GetDirectoryName(inferenceConfig.Path)!, files);
        }
        catch (ConfigValidationException)
        {
            // Reported by the server, with file and line, among all the problems of the deploy.
        }

        var set = new UploadSet();
        foreach (var folder in files.ReferencedFolders)
        {
            set.AddTree(folder, UploadSet.NameOf(folder), ConfigFiles.SkippedFolders, "the source directory " + folder);
        }

        foreach (var file in files.Referenced)
        {
            set.AddFile(file, UploadSet.NameOf(file), "the inference config");
        }

        return set;
    }

    /// <summary>A model's file or folder, checked as the server checks it (regular files, links only inside), under its own name.</summary>
    public static UploadSet ForModel(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var (rootName, isFolder, entries) = ModelSource.Inspect(Path.GetFullPath(path));
        var set = new UploadSet();
        if (isFolder)
        {
            set.AddFolder(rootName);
        }

        foreach (var entry in entries)
        {
            set.AddFile(entry.SourcePath, entry.RelativePath.Replace(Path.DirectorySeparatorChar, '/'), "the model");
        }

        return set;
    }

    /// <summary>Streams the files to <c>POST /api/v1/uploads</c>; returns the upload's id.</summary>
    public static async Task<string> UploadAsync(BerthHttp http, UploadSet set, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        using var content = new TarUploadContent(set);
        return (await http.PostStreamAsync<UploadDto>("api/v1/uploads", content, cancellationToken)).UploadId;
    }
}

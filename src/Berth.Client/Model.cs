using System.Security.Cryptography;
using Berth.Api.V1;
using Berth.Client.Uploads;
using Berth.Errors;
using Berth.Naming;

namespace Berth.Client;

/// <summary>A registered model version, like the hosted platform's <c>Model</c>.</summary>
public sealed class Model
{
    private readonly Workspace _workspace;

    private Model(Workspace workspace, ModelDto dto)
    {
        _workspace = workspace;
        Dto = dto;
    }

    public string Name => Dto.Name;

    public int Version => Dto.Version;

    public string? Description => Dto.Description;

    public IReadOnlyDictionary<string, string> Tags => Dto.Tags;

    public IReadOnlyDictionary<string, string> Properties => Dto.Properties;

    public IReadOnlyList<ModelFileDto> Files => Dto.Files;

    public ModelDto Dto { get; }

    public override string ToString() => $"{Name}:{Version}";

    /// <summary>
    /// Registers the file or folder at <paramref name="modelPath"/> as the next version of <paramref name="modelName"/>:
    /// its files are checked here and sent to the server.
    /// </summary>
    public static async Task<Model> RegisterAsync(
        Workspace workspace, string modelPath, string modelName,
        IReadOnlyDictionary<string, string>? tags = null, IReadOnlyDictionary<string, string>? properties = null,
        string? description = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(modelPath);
        if (NameRules.Validate(modelName, "model name") is string nameError)
        {
            throw new BerthException(ErrorCodes.ModelNameInvalid, nameError, "choose another --name");
        }

        var upload = await ServiceFiles.UploadAsync(workspace.Http, ServiceFiles.ForModel(modelPath), cancellationToken);
        var request = new RegisterModelRequest(modelName, null, tags, properties, description, upload);
        return new Model(workspace, await workspace.Http.PostAsync<ModelDto>("api/v1/models", request, cancellationToken));
    }

    /// <summary>
    /// The server-side path form, for a large folder on the server's own machine: the server copies the file or folder
    /// at <paramref name="modelPath"/> itself, and only if the calling user may read all of it.
    /// </summary>
    public static async Task<Model> RegisterFromServerPathAsync(
        Workspace workspace, string modelPath, string modelName,
        IReadOnlyDictionary<string, string>? tags = null, IReadOnlyDictionary<string, string>? properties = null,
        string? description = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(modelPath);
        var request = new RegisterModelRequest(modelName, Path.GetFullPath(modelPath), tags, properties, description);
        return new Model(workspace, await workspace.Http.PostAsync<ModelDto>("api/v1/models", request, cancellationToken));
    }

    /// <summary>All versions, optionally of one name and carrying every given tag (an empty value matches any value).</summary>
    public static async Task<IReadOnlyList<Model>> ListAsync(
        Workspace workspace, string? name = null, IReadOnlyDictionary<string, string>? tags = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var query = new List<string>();
        if (name is not null)
        {
            query.Add("name=" + Uri.EscapeDataString(name));
        }

        query.AddRange((tags ?? new Dictionary<string, string>()).Select(t => "tag=" + Uri.EscapeDataString(t.Value.Length == 0 ? t.Key : $"{t.Key}={t.Value}")));
        var path = "api/v1/models" + (query.Count > 0 ? "?" + string.Join('&', query) : string.Empty);
        var list = await workspace.Http.GetAsync<List<ModelDto>>(path, cancellationToken);
        return list.Select(m => new Model(workspace, m)).ToList();
    }

    /// <summary>One version, or the latest when <paramref name="version"/> is null.</summary>
    public static async Task<Model> GetAsync(Workspace workspace, string name, int? version = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var path = version is int v ? $"api/v1/models/{Uri.EscapeDataString(name)}/versions/{v}" : $"api/v1/models/{Uri.EscapeDataString(name)}";
        return new Model(workspace, await workspace.Http.GetAsync<ModelDto>(path, cancellationToken));
    }

    /// <summary>
    /// Copies the model's files to <c>targetDir/&lt;file or folder name&gt;</c>, checking each file's SHA-256.
    /// The files appear all at once or not at all. Returns the path of the copied file or folder.
    /// </summary>
    public async Task<string> DownloadAsync(string targetDir, CancellationToken cancellationToken = default)
    {
        var target = Path.GetFullPath(targetDir);
        var destination = Path.Combine(target, Dto.RootName);
        if (File.Exists(destination) || Directory.Exists(destination))
        {
            throw new BerthException(ErrorCodes.RequestInvalid, $"{destination} already exists", "choose another --target, or remove it first");
        }

        var staging = Path.Combine(target, $".berth-download-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        try
        {
            foreach (var file in Dto.Files)
            {
                await DownloadFileAsync(file, Path.Combine(staging, file.Path), cancellationToken);
            }

            Directory.Move(Path.Combine(staging, Dto.RootName), destination);
            return destination;
        }
        finally
        {
            Directory.Delete(staging, recursive: true);
        }
    }

    /// <summary>
    /// Deploys models as a service, like the platform's <c>Model.deploy</c>; follow it with <see cref="Webservice.WaitForDeploymentAsync"/>.
    /// No inference config (null): the models' one <c>.onnx</c> file is served with no entry script.
    /// </summary>
    public static Task<Webservice> DeployAsync(
        Workspace workspace, string name, IEnumerable<Model> models, string? inferenceConfigPath, string deploymentConfigPath,
        bool overwrite = false, CancellationToken cancellationToken = default) =>
        Webservice.DeployAsync(workspace, name, models.Select(m => m.ToString()), inferenceConfigPath, deploymentConfigPath, overwrite, cancellationToken);

    /// <summary>Deploys with configs made in code: their text and the files they name are sent; nothing is written to disk.</summary>
    public static Task<Webservice> DeployAsync(
        Workspace workspace, string name, IEnumerable<Model> models, InferenceConfig? inferenceConfig, DeploymentConfiguration deploymentConfig,
        bool overwrite = false, CancellationToken cancellationToken = default) =>
        Webservice.DeployAsync(workspace, name, models.Select(m => m.ToString()), inferenceConfig, deploymentConfig, overwrite, cancellationToken);

    /// <summary>Deletes this version (refused while a service uses it).</summary>
    public Task DeleteAsync(CancellationToken cancellationToken = default) =>
        _workspace.Http.DeleteAsync($"api/v1/models/{Uri.EscapeDataString(Name)}/versions/{Version}", cancellationToken);

    private async Task DownloadFileAsync(ModelFileDto file, string destination, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        var path = $"api/v1/models/{Uri.EscapeDataString(Name)}/versions/{Version}/content?path={Uri.EscapeDataString(file.Path)}";
        using var response = await _workspace.Http.SendRawAsync(new HttpRequestMessage(HttpMethod.Get, path), cancellationToken);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using (var sink = File.Create(destination))
        await using (var source = await response.Content.ReadAsStreamAsync(cancellationToken))
        {
            var buffer = new byte[1 << 16];
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                await sink.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }

        var actual = Convert.ToHexStringLower(hash.GetHashAndReset());
        if (actual != file.Sha256)
        {
            throw new BerthException(ErrorCodes.Internal, $"{file.Path} of model {this} arrived with SHA-256 {actual}, expected {file.Sha256}", "download again; if it repeats, the workspace's copy is damaged");
        }
    }
}

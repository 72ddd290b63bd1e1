using System.Net.Http.Headers;
using System.Text;
using Berth.Api.V1;
using Berth.Client.Uploads;
using Berth.Errors;

namespace Berth.Client;

/// <summary>A deployed service, like the hosted platform's <c>Webservice</c>: run, reload, update, delete, logs, wait.</summary>
public sealed class Webservice
{
    private readonly Workspace _workspace;

    internal Webservice(Workspace workspace, ServiceDto dto)
    {
        _workspace = workspace;
        Dto = dto;
    }

    public ServiceDto Dto { get; private set; }

    public string Name => Dto.Name;

    public string State => Dto.State;

    public string? ScoringUri => Dto.ScoringUri;

    public string? SwaggerUri => Dto.SwaggerUri;

    /// <summary>The Open Inference Protocol v2 infer URL on the service's front door (<c>.../v2/models/NAME/infer</c>).</summary>
    public string? InferenceUri => Dto.InferenceUri;

    private string Path => $"api/v1/services/{Uri.EscapeDataString(Name)}";

    /// <summary>
    /// Deploys models with an inference config and a deployment config; returns at once (see <see cref="WaitForDeploymentAsync"/>).
    /// The configs' text and the files the inference config names (entry script or source directory, conda file) are sent.
    /// With no inference config (null) the models' one <c>.onnx</c> file is served with no entry script (<see cref="InferenceConfig.Onnx"/>).
    /// </summary>
    public static Task<Webservice> DeployAsync(
        Workspace workspace, string name, IEnumerable<string> models, string? inferenceConfigPath, string deploymentConfigPath,
        bool overwrite = false, CancellationToken cancellationToken = default) =>
        DeployAsync(
            workspace, name, models, inferenceConfigPath is null ? InferenceConfig.Onnx().ToFile() : ServiceFiles.ReadConfig(inferenceConfigPath, "inference config"),
            ServiceFiles.ReadConfig(deploymentConfigPath, "deployment config"), overwrite, cancellationToken);

    /// <summary>
    /// Deploys with configs made in code (see <see cref="InferenceConfig"/>, <see cref="LocalWebservice.DeployConfiguration"/>);
    /// a null inference config serves the models' one <c>.onnx</c> file with no entry script.
    /// </summary>
    public static Task<Webservice> DeployAsync(
        Workspace workspace, string name, IEnumerable<string> models, InferenceConfig? inferenceConfig, DeploymentConfiguration deploymentConfig,
        bool overwrite = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(deploymentConfig);
        return DeployAsync(workspace, name, models, (inferenceConfig ?? InferenceConfig.Onnx()).ToFile(), deploymentConfig.ToFile(), overwrite, cancellationToken);
    }

    /// <summary>
    /// The server-side path form, for a server on this machine and large source directories: the server reads the
    /// configs and the files they name itself, only where the calling user may read. <see cref="DeployAsync(Workspace, string, IEnumerable{string}, string, string, bool, CancellationToken)"/> sends them instead.
    /// </summary>
    public static async Task<Webservice> DeployFromServerPathsAsync(
        Workspace workspace, string name, IEnumerable<string> models, string? inferenceConfigPath, string deploymentConfigPath,
        bool overwrite = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(models);
        if (inferenceConfigPath is null)
        {
            // No script: the ONNX config names no file, so there is nothing for the server to read but the deployment config.
            var onnx = InferenceConfig.Onnx().ToFile();
            var upload = await ServiceFiles.UploadAsync(workspace.Http, ServiceFiles.ForInferenceConfig(onnx), cancellationToken);
            var sent = new DeployServiceRequest(name, models.ToList(), onnx, UploadId: upload, Overwrite: overwrite, DeploymentConfigPath: System.IO.Path.GetFullPath(deploymentConfigPath));
            return new Webservice(workspace, await workspace.Http.PostAsync<ServiceDto>("api/v1/services", sent, cancellationToken));
        }

        var request = new DeployServiceRequest(
            name, models.ToList(), Overwrite: overwrite,
            InferenceConfigPath: System.IO.Path.GetFullPath(inferenceConfigPath), DeploymentConfigPath: System.IO.Path.GetFullPath(deploymentConfigPath));
        return new Webservice(workspace, await workspace.Http.PostAsync<ServiceDto>("api/v1/services", request, cancellationToken));
    }

    private static async Task<Webservice> DeployAsync(
        Workspace workspace, string name, IEnumerable<string> models, ConfigFileDto inferenceConfig, ConfigFileDto deploymentConfig, bool overwrite, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(models);
        var upload = await ServiceFiles.UploadAsync(workspace.Http, ServiceFiles.ForInferenceConfig(inferenceConfig), cancellationToken);
        var request = new DeployServiceRequest(name, models.ToList(), inferenceConfig, deploymentConfig, upload, overwrite);
        return new Webservice(workspace, await workspace.Http.PostAsync<ServiceDto>("api/v1/services", request, cancellationToken));
    }

    public static async Task<Webservice> GetAsync(Workspace workspace, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        return new Webservice(workspace, await workspace.Http.GetAsync<ServiceDto>($"api/v1/services/{Uri.EscapeDataString(name)}", cancellationToken));
    }

    public static async Task<IReadOnlyList<Webservice>> ListAsync(Workspace workspace, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var services = await workspace.Http.GetAsync<List<ServiceDto>>("api/v1/services", cancellationToken);
        return services.Select(s => new Webservice(workspace, s)).ToList();
    }

    /// <summary>
    /// Follows the running operation until the service is Healthy or has failed. With <paramref name="showOutput"/>
    /// each step is written as it happens. A failure throws with the diagnosis (cause, evidence, remedy).
    /// </summary>
    public async Task<Webservice> WaitForDeploymentAsync(bool showOutput = false, TextWriter? output = null, CancellationToken cancellationToken = default)
    {
        var writer = output ?? Console.Out;
        // After an update or reload, only that operation's steps (the server says where they begin).
        var after = Dto.OperationAfter ?? 0;
        string? failure = null;
        while (true)
        {
            var page = await _workspace.Http.GetAsync<ServiceEventsPage>($"{Path}/events?after={after}&waitMs=10000", cancellationToken);
            foreach (var e in page.Events)
            {
                after = e.Sequence;
                failure = e.Kind == "failed" ? e.Message : e.Kind == "done" ? null : failure;
                // The final "done" line repeats the Healthy state with the scoring URI; print it once.
                if (showOutput && e.Kind != "failed" && !(e.Kind == "state" && e.Message == "Healthy"))
                {
                    await writer.WriteLineAsync($"{e.At.ToLocalTime():HH:mm:ss} {e.Message}");
                }
            }

            Dto = page.Service;
            if (page.Finished)
            {
                break;
            }
        }

        if (failure is not null || Dto.State is "Failed" or "Unhealthy")
        {
            var detail = Dto.StateDetail is null ? Dto.State : $"{Dto.State} ({Dto.StateDetail})";
            throw new BerthException(
                "service.deploy_failed",
                $"service {Name} is {detail}.\n{failure ?? Dto.LastError?.Summary ?? "no cause was found"}".TrimEnd(),
                $"see `berth service logs {Name}` and `berth service diagnose {Name}`");
        }

        return this;
    }

    /// <summary>Calls the scoring URI with <paramref name="inputData"/> (sent as the body, usually JSON) and returns the response body.</summary>
    public async Task<string> RunAsync(string inputData, CancellationToken cancellationToken = default)
    {
        if (Enum.TryParse<Berth.Services.ServiceState>(State, out var state)
            && Berth.Services.ServiceOperationRules.Check(state, Berth.Services.ServiceOperation.Run, null, Name) is { } refused)
        {
            throw refused;
        }

        var uri = ScoringUri ?? throw new BerthException("service.no_uri", $"service {Name} has no scoring URI yet", $"wait for it: `berth service wait {Name}`");
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new StringContent(inputData, Encoding.UTF8, "application/json") };
        if (Dto.AuthEnabled)
        {
            var keys = await GetKeysAsync(cancellationToken);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", keys.PrimaryKey);
        }

        using var response = await _workspace.Client.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new BerthException(
                "service.run_failed",
                $"Received bad response from service. Response Code: {(int)response.StatusCode}, Content: {body}",
                $"see `berth service logs {Name}` and `berth service diagnose {Name}`");
        }

        return body;
    }

    /// <summary>
    /// Re-reads the entry script and source directory and restarts the replicas (the environment is kept). For a service
    /// deployed from sent files, they are sent again from where the inference config named them on this machine.
    /// </summary>
    public async Task<Webservice> ReloadAsync(CancellationToken cancellationToken = default)
    {
        var configs = await _workspace.Http.GetAsync<ServiceConfigsDto>($"{Path}/configs", cancellationToken);
        var request = new ReloadServiceRequest();
        if (configs.InferenceConfigContent is { } text)
        {
            var inferenceConfig = new ConfigFileDto(configs.InferenceConfigPath, text);
            request = new ReloadServiceRequest(inferenceConfig, await ServiceFiles.UploadAsync(_workspace.Http, ServiceFiles.ForInferenceConfig(inferenceConfig), cancellationToken));
        }

        Dto = await _workspace.Http.PostAsync<ServiceDto>($"{Path}/reload", request, cancellationToken);
        return this;
    }

    /// <summary>
    /// Restarts one replica with one worker under debugpy on 127.0.0.1 (<paramref name="port"/>, default 5678 or a free
    /// one), the scoring timeout off; <paramref name="wait"/> holds init() until a debugger attaches. score.py only.
    /// </summary>
    public Task<DebugSessionDto> DebugAsync(int? port = null, bool wait = false, CancellationToken cancellationToken = default) =>
        _workspace.Http.PostAsync<DebugSessionDto>($"{Path}/debug", new DebugServiceRequest(port, wait), cancellationToken);

    /// <summary>Restarts the replica being debugged as it ran before <see cref="DebugAsync"/>.</summary>
    public Task<DebugSessionDto> StopDebuggingAsync(CancellationToken cancellationToken = default) =>
        _workspace.Http.PostAsync<DebugSessionDto>($"{Path}/debug", new DebugServiceRequest(Stop: true), cancellationToken);

    /// <summary>Rolls out new models or configs; a new inference config is sent with the files it names.</summary>
    public async Task<Webservice> UpdateAsync(
        IEnumerable<string>? models = null, string? inferenceConfigPath = null, string? deploymentConfigPath = null, CancellationToken cancellationToken = default)
    {
        if (models is null && inferenceConfigPath is null && deploymentConfigPath is null)
        {
            throw new BerthException("request.invalid", "No parameters provided to update.", "pass --model, --ic or --dc");
        }

        var inferenceConfig = inferenceConfigPath is null ? null : ServiceFiles.ReadConfig(inferenceConfigPath, "inference config");
        var deploymentConfig = deploymentConfigPath is null ? null : ServiceFiles.ReadConfig(deploymentConfigPath, "deployment config");
        var upload = inferenceConfig is null ? null : await ServiceFiles.UploadAsync(_workspace.Http, ServiceFiles.ForInferenceConfig(inferenceConfig), cancellationToken);
        var request = new UpdateServiceRequest(models?.ToList(), inferenceConfig, deploymentConfig, upload);
        Dto = await _workspace.Http.PostAsync<ServiceDto>($"{Path}/update", request, cancellationToken);
        return this;
    }

    public Task DeleteAsync(CancellationToken cancellationToken = default) => _workspace.Http.DeleteAsync(Path, cancellationToken);

    /// <summary>The last <paramref name="numLines"/> log lines of all replicas, interleaved, each prefixed with its replica id.</summary>
    public async Task<IReadOnlyList<string>> GetLogsAsync(int numLines = 5000, CancellationToken cancellationToken = default) =>
        (await _workspace.Http.GetAsync<LogPage>($"{Path}/logs?tail={numLines}", cancellationToken)).Lines;

    /// <summary>Log lines after <paramref name="cursor"/> (null: the last <paramref name="tail"/>), and the cursor for the next call.</summary>
    public async Task<(IReadOnlyList<string> Lines, string Cursor)> GetLogsSinceAsync(string? cursor, int tail = 100, CancellationToken cancellationToken = default)
    {
        var query = cursor is null ? $"tail={tail}" : $"cursor={Uri.EscapeDataString(cursor)}";
        var page = await _workspace.Http.GetAsync<LogPage>($"{Path}/logs?{query}", cancellationToken);
        return (page.Lines, page.Cursor);
    }

    public Task<ServiceDiagnosisDto> DiagnoseAsync(CancellationToken cancellationToken = default) =>
        _workspace.Http.GetAsync<ServiceDiagnosisDto>($"{Path}/diagnosis", cancellationToken);

    public Task<ServiceKeysDto> GetKeysAsync(CancellationToken cancellationToken = default) =>
        _workspace.Http.GetAsync<ServiceKeysDto>($"{Path}/keys", cancellationToken);

    /// <summary>Regenerates the <c>Primary</c> or <c>Secondary</c> key.</summary>
    public Task<ServiceKeysDto> RegenKeyAsync(string key, CancellationToken cancellationToken = default) =>
        _workspace.Http.PostAsync<ServiceKeysDto>($"{Path}/regen-key", new RegenKeyRequest(key), cancellationToken);

    private sealed record LogPage(List<string> Lines, string Cursor);
}

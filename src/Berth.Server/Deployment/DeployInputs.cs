using Berth.Api.V1;
using Berth.Errors;
using Berth.Services;
using Berth.Server.Access;
using Berth.Server.Services;
using Berth.Server.Uploads;

namespace Berth.Server.Deployment;

/// <summary>
/// Turns the configs of a deploy, update or reload request into <see cref="ConfigInput"/>s: the sent text with the
/// upload that holds the files it names (the usual form), a server-side path the caller may read, or what the service
/// runs with now. Takes the upload, so it is used once.
/// </summary>
internal sealed class DeployInputs(UploadStore uploads)
{
    private const string Hint = "send inferenceConfig (its text and path) with the uploadId of its files, or a server-side inferenceConfigPath";

    public Task<PendingInputs> ForDeployAsync(DeployServiceRequest request, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return CreateAsync(new Sent(request.InferenceConfig, request.InferenceConfigPath, request.DeploymentConfig, request.DeploymentConfigPath, request.UploadId), null, caller, cancellationToken);
    }

    public Task<PendingInputs> ForUpdateAsync(UpdateServiceRequest request, ServiceRecord current, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return CreateAsync(new Sent(request.InferenceConfig, request.InferenceConfigPath, request.DeploymentConfig, request.DeploymentConfigPath, request.UploadId), current, caller, cancellationToken);
    }

    /// <summary>A reload re-reads the entry script and source directory: a fresh upload for a service deployed from uploaded files.</summary>
    public Task<PendingInputs> ForReloadAsync(ReloadServiceRequest request, ServiceRecord current, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(current);
        if (current.Launch is { } launch && Targets.ReplicaVariables.IsOnnxModel(launch.EntryScript))
        {
            // A registered model version never changes, so there is nothing to re-read: a new model is a new version.
            throw new BerthException(
                ServiceErrorCodes.OperationNotSupported,
                $"service {current.Name} serves the ONNX model {string.Join(", ", current.Models)} with no entry script, so there is no script to reload",
                $"register the changed model as a new version (`berth model register --name <model> --path <file>.onnx`), then `berth service update {current.Name} --model <model>:<version>`");
        }

        if (request.UploadId is null && current.InferenceConfigContent is not null)
        {
            throw new BerthException(
                "service.reload_needs_upload",
                $"service {current.Name} was deployed from uploaded files, so a reload sends them again",
                $"run `berth service reload {current.Name}` (or Webservice.ReloadAsync), which uploads the files named by {current.InferenceConfigPath}");
        }

        return CreateAsync(new Sent(request.InferenceConfig, null, null, null, request.UploadId), current, caller, cancellationToken);
    }

    private async Task<PendingInputs> CreateAsync(Sent sent, ServiceRecord? current, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (sent.InferenceText is not null && sent.InferencePath is not null || sent.DeploymentText is not null && sent.DeploymentPath is not null)
        {
            throw new BerthException(ErrorCodes.RequestInvalid, "a config is sent either as text or as a server-side path, not both", Hint);
        }

        if ((sent.UploadId is null) != (sent.InferenceText is null))
        {
            throw new BerthException(ErrorCodes.RequestInvalid, sent.UploadId is null ? "inferenceConfig was sent without the uploadId of the files it names" : "uploadId was sent without the inferenceConfig that names its files", Hint);
        }

        var inference = PathInput(sent.InferencePath, "inference config")
            ?? (sent.InferenceText is { } ic ? new ConfigInput(ic.Path, ic.Content) : current?.InferenceInput)
            ?? throw new BerthException(ErrorCodes.RequestInvalid, "no inference config was sent", Hint);
        var deployment = PathInput(sent.DeploymentPath, "deployment config")
            ?? (sent.DeploymentText is { } dc ? new ConfigInput(dc.Path, dc.Content) : current?.DeploymentInput)
            ?? throw new BerthException(ErrorCodes.RequestInvalid, "no deployment config was sent", "send deploymentConfig (its text and path), or a server-side deploymentConfigPath");

        // A server-side path, sent now or kept from the deploy, is read only as the caller may (files change between calls).
        foreach (var (input, what) in new[] { (inference, "inference config"), (deployment, "deployment config") }.Where(i => !i.Item1.IsSent))
        {
            await caller.EnsureReadableAsync(input.Path, what, ErrorCodes.PathNotReadable, cancellationToken);
        }

        var upload = sent.UploadId is { } id ? uploads.Take(id) : null;
        return new PendingInputs(upload is null ? inference : inference with { Root = upload }, deployment, upload, caller);
    }

    private static ConfigInput? PathInput(string? path, string what)
    {
        if (path is null)
        {
            return null;
        }

        return Path.IsPathRooted(path)
            ? new ConfigInput(Path.GetFullPath(path))
            : throw new BerthException(ErrorCodes.RequestInvalid, $"the {what} path \"{path}\" is not absolute", "a server-side path is absolute; the CLI and SDK make it so");
    }

    private sealed record Sent(ConfigFileDto? InferenceText, string? InferencePath, ConfigFileDto? DeploymentText, string? DeploymentPath, string? UploadId);
}

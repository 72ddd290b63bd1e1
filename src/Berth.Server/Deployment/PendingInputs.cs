using Berth.Errors;
using Berth.Server.Access;
using Berth.Server.Uploads;

namespace Berth.Server.Deployment;

/// <summary>
/// The configs of one request and the upload it took, until the service owns them: validation reads the files where
/// they are; <see cref="MoveInto"/> moves the upload into the service's <c>inputs/</c> folder. Disposing deletes an
/// upload that was not moved.
/// </summary>
internal sealed class PendingInputs(ConfigInput inference, ConfigInput deployment, string? upload, Caller caller) : IDisposable
{
    private string? _upload = upload;

    public ConfigInput Inference => inference;

    public ConfigInput Deployment => deployment;

    /// <summary>Validates; for the server-side path form every file the config names is checked as the caller may read it.</summary>
    public async Task<DeployPlan> ValidateAsync(DeployValidator validator, string name, IReadOnlyList<string> models, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(validator);
        DeployPlan plan;
        if (inference.Root is not null)
        {
            plan = validator.Validate(name, models, inference, deployment);
        }
        else
        {
            plan = validator.Validate(name, models, inference, deployment, path => caller.EnsureReadableAsync(path, "file", ErrorCodes.PathNotReadable, cancellationToken).GetAwaiter().GetResult());
            if ((plan.Inference.SourceDirectory ?? plan.Inference.EntryScript) is { } shipped)
            {
                await caller.EnsureReadableAsync(shipped, plan.Inference.SourceDirectory is null ? "entry script" : "source directory", ErrorCodes.PathNotReadable, cancellationToken);
            }
        }

        await validator.CheckTargetAsync(plan, cancellationToken); // the engine or cluster answers, before anything is built
        return plan;
    }

    /// <summary>Moves the upload to <c>&lt;service&gt;/inputs/&lt;id&gt;</c> and returns the plan with the files' new place.</summary>
    public DeployPlan MoveInto(string serviceDirectory, DeployPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (_upload is not { } from)
        {
            return plan;
        }

        var target = Path.Combine(serviceDirectory, "inputs", Path.GetFileName(from));
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        Directory.Move(from, target);
        _upload = null;
        return plan.MovedTo(target);
    }

    /// <summary>Deletes every folder of <c>inputs/</c> but the one the service now runs with.</summary>
    public static void DeleteOthers(string serviceDirectory, string? current)
    {
        var inputs = Path.Combine(serviceDirectory, "inputs");
        if (!Directory.Exists(inputs))
        {
            return;
        }

        foreach (var folder in Directory.EnumerateDirectories(inputs).Where(f => f != current))
        {
            UploadStore.Delete(folder);
        }
    }

    public void Dispose()
    {
        if (_upload is { } left)
        {
            UploadStore.Delete(left);
            _upload = null;
        }
    }
}

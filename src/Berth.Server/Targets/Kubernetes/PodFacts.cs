using Berth.Services;
using k8s.Models;

namespace Berth.Server.Targets.Kubernetes;

/// <summary>
/// What a slot's pod says, as Berth's target-neutral observation; pure. The kubelet restarts the container itself: a
/// restart since the replica began to watch the pod (its <see cref="PodBaseline"/>), or a pod replaced by its Deployment, is reported once as the end of this
/// replica, so the supervisor records the exit (exit code, OOMKilled) and the crash-loop rule and the diagnosis read
/// it as they do on the other targets; its "restart" then only watches the pod again.
/// </summary>
internal static class PodFacts
{
    /// <summary>The pod a slot runs now: the newest that is not being deleted.</summary>
    public static V1Pod? Current(IEnumerable<V1Pod> pods) =>
        pods.Where(p => p.Metadata?.DeletionTimestamp is null).OrderByDescending(p => p.Metadata?.CreationTimestamp).FirstOrDefault();

    /// <summary>
    /// The observation of the slot's Deployment and pod. <paramref name="podEvents"/> are the cluster's events about the
    /// pod, read only once its container restarted (<see cref="Restarted"/>): they say whether the kubelet killed it for
    /// a failed liveness probe.
    /// </summary>
    public static ReplicaObservation Observe(V1Deployment? deployment, V1Pod? pod, PodBaseline? baseline, string? url, IReadOnlyList<Corev1Event>? podEvents = null)
    {
        if (pod is null)
        {
            // No pod: the ReplicaSet could not create one (a quota, an admission refusal), or it has not yet.
            var failure = deployment?.Status?.Conditions?.FirstOrDefault(c => c.Type == "ReplicaFailure" && c.Status == "True");
            return baseline is not null
                ? ReplicaObservation.Ended(255) with { Message = $"pod {baseline.Pod} is gone" }
                : new ReplicaObservation
                {
                    Running = true,
                    Message = failure is null ? null : $"{failure.Reason}: {failure.Message}",
                    CreateRefused = failure is { Reason: "FailedCreate" } ? (deployment!.Metadata?.NamespaceProperty ?? "default", failure.Message) : null,
                };
        }

        var name = pod.Metadata.Name;
        if (baseline is not null && baseline.Uid != pod.Metadata.Uid)
        {
            return ReplicaObservation.Ended(255) with { Message = $"pod {baseline.Pod} was deleted behind Berth's back; its Deployment replaced it with {name}" };
        }

        var scheduled = pod.Status?.Conditions?.FirstOrDefault(c => c.Type == "PodScheduled");
        if (scheduled is { Status: "False", Reason: "Unschedulable" })
        {
            return new ReplicaObservation { Running = true, Unschedulable = true, Message = scheduled.Message };
        }

        var container = pod.Status?.ContainerStatuses?.FirstOrDefault(c => c.Name == ReplicaManifest.ContainerName);
        if (container is null)
        {
            return new ReplicaObservation { Running = true, Message = pod.Status?.Reason };
        }

        if (baseline is not null && container.RestartCount > baseline.Restarts && container.LastState?.Terminated is { } ended)
        {
            var probe = LivenessKill(podEvents, ended);
            return ReplicaObservation.Ended(ended.ExitCode, ended.Reason == "OOMKilled") with
            {
                KilledByLivenessProbe = probe is not null,
                Message = probe is not null
                    ? $"the kubelet killed the container of pod {name}: {probe}; it restarts it"
                    : $"the container of pod {name} ended ({ended.Reason}{(string.IsNullOrEmpty(ended.Message) ? string.Empty : ": " + ended.Message.Trim())}); the kubelet restarts it",
            };
        }

        if (container.State?.Waiting is { } waiting && waiting.Reason is not ("ContainerCreating" or "PodInitializing"))
        {
            // ErrImagePull, ImagePullBackOff, InvalidImageName, CreateContainerConfigError, CrashLoopBackOff...
            var pull = waiting.Reason is "ErrImagePull" or "ImagePullBackOff" or "InvalidImageName" or "ErrImageNeverPull"
                ? (waiting.Reason, waiting.Message ?? string.Empty, container.Image)
                : ((string, string, string)?)null;
            return new ReplicaObservation { Running = true, Message = $"{waiting.Reason}: {waiting.Message} (image {container.Image})", ImagePull = pull };
        }

        return new ReplicaObservation { Running = true, Url = container.State?.Running is not null ? url : null };
    }

    /// <summary>True when the slot's container restarted since the baseline: the moment to read the pod's events.</summary>
    public static bool Restarted(V1Pod? pod, PodBaseline? baseline) =>
        baseline is not null && pod?.Metadata.Uid == baseline.Uid
        && (pod.Status?.ContainerStatuses?.FirstOrDefault(c => c.Name == ReplicaManifest.ContainerName)?.RestartCount ?? 0) > baseline.Restarts;

    /// <summary>The kubelet's words when it killed the ended container for its liveness probe (<c>Killing</c>, <c>failed liveness probe</c>, during that container's life), else null.</summary>
    private static string? LivenessKill(IReadOnlyList<Corev1Event>? events, V1ContainerStateTerminated ended) =>
        events?.Where(e => e.Reason == "Killing" && e.Message?.Contains("failed liveness probe", StringComparison.Ordinal) == true)
            .Where(e => ended.StartedAt is null || (e.LastTimestamp ?? e.EventTime ?? e.Metadata?.CreationTimestamp) >= ended.StartedAt.Value.AddSeconds(-1))
            .Select(e => e.Message!.Trim())
            .FirstOrDefault();

    /// <summary>The baseline of <paramref name="pod"/>: its uid and its replica container's restart count now.</summary>
    public static PodBaseline? BaselineOf(V1Pod? pod) => pod is null
        ? null
        : new PodBaseline(pod.Metadata.Name, pod.Metadata.Uid, pod.Status?.ContainerStatuses?.FirstOrDefault(c => c.Name == ReplicaManifest.ContainerName)?.RestartCount ?? 0);
}

/// <summary>A pod as a replica first saw it.</summary>
internal sealed record PodBaseline(string Pod, string Uid, int Restarts);

using Berth.Diagnosis.Parsing;

namespace Berth.Diagnosis.Rules;

/// <summary>A cluster node cannot pull the replica's image (<c>ErrImagePull</c>, <c>ImagePullBackOff</c>): which image, which registry, the kubelet's words.</summary>
internal sealed class ImagePullFailedRule : IDiagnosisRule
{
    public string Code => DiagnosisCodes.ImagePullFailed;

    public IReadOnlyCollection<string> Supersedes => [DiagnosisCodes.CrashLoop];

    public ServiceDiagnosis? Evaluate(ServiceEvidence evidence)
    {
        if (evidence.ImagePullFailure is not { } failure)
        {
            return null;
        }

        var slash = failure.Image.IndexOf('/', StringComparison.Ordinal);
        var registry = slash > 0 && (failure.Image[..slash].Contains('.', StringComparison.Ordinal) || failure.Image[..slash].Contains(':', StringComparison.Ordinal))
            ? failure.Image[..slash]
            : "the default registry";
        return new ServiceDiagnosis(
            Code,
            $"The cluster's node cannot pull the image {failure.Image} from {registry}.",
            [$"[{failure.ReplicaId}] {failure.Reason}: {LogLines.Clip(failure.Message)}", $"image: {failure.Image}"],
            $"Check that the cluster's nodes reach {registry} and have its login (the kubelet's config.json, or an imagePullSecret in the namespace), and that the image is still there; then run {EvidenceScan.UpdateConfigCommand(evidence)}.",
            DiagnosisSeverity.Error);
    }
}

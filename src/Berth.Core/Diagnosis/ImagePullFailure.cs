namespace Berth.Diagnosis;

/// <summary>A cluster node could not pull a replica's image: the kubelet's reason (<c>ErrImagePull</c>, <c>ImagePullBackOff</c>, <c>InvalidImageName</c>), its message and the image.</summary>
/// <param name="ReplicaId">The replica whose pod waits.</param>
/// <param name="Reason">The container's waiting reason.</param>
/// <param name="Message">The kubelet's message, verbatim.</param>
/// <param name="Image">The image the pod asks for.</param>
public sealed record ImagePullFailure(string ReplicaId, string Reason, string Message, string Image);

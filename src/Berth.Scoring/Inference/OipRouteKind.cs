namespace Berth.Scoring.Inference;

/// <summary>The Open Inference Protocol routes a replica serves.</summary>
internal enum OipRouteKind
{
    Server,
    Live,
    Ready,
    ModelMetadata,
    ModelReady,
    Infer,
}

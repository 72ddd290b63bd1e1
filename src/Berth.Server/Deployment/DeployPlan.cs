using Berth.Api.V1;
using Berth.Configuration;
using Berth.Environments;

namespace Berth.Server.Deployment;

/// <summary>Everything a deployment needs, validated: configs, models, the environment and where it came from.</summary>
internal sealed record DeployPlan(
    string InferenceConfigPath,
    string DeploymentConfigPath,
    InferenceConfigSpec Inference,
    DeploymentConfigSpec Deployment,
    IReadOnlyList<ModelDto> Models,
    EnvironmentDefinition? Environment,
    string? EnvironmentFile);

using Berth.Errors;
using Berth.Diagnosis;
using Berth.Environments;
using Berth.Server.Deployment;
using Berth.Server.Targets.Local;
using Berth.Server.Workspace;
using Berth.Services;

namespace Berth.Server.Targets.Docker;

/// <summary>
/// The container target (<c>computeType: container</c>, alias <c>aci</c>): each replica is a container of the
/// environment's replica image on this machine's Docker engine. The image is built once per environment hash and base
/// (a second deploy of an identical environment builds nothing); capacity is this machine's, as for local processes;
/// Berth's supervisor restarts exited containers with its backoff (the engine's restart policy is never used).
/// </summary>
internal sealed class DockerTarget(DockerEngine engine, LocalMachine machine, WorkspaceLayout layout, TimeProvider time) : IDeploymentTarget
{
    /// <summary>
    /// 8 hex over berth-scoring's build output (its dlls and Python host): part of the image tag, so an image built by
    /// another version of Berth is never reused, while an unchanged Berth reuses it.
    /// </summary>
    private static readonly Lazy<string> ScoringKey = new(() =>
    {
        var folder = ScoringBuildOutput.Find();
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Where(f => f.EndsWith(".dll", StringComparison.Ordinal) || f.EndsWith(".py", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(Path.GetRelativePath(folder, file)));
            hash.AppendData(File.ReadAllBytes(file));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset())[..8];
    });

    public ServiceTargetKind Kind => ServiceTargetKind.Container;

    public bool RestartsReplicas => false;

    public CapacityVerdict CheckCapacity(ReplicaDemand demand) => LocalCapacity.Evaluate(machine.Read(), demand);

    public async Task CheckReachableAsync(string? computeTarget, CancellationToken cancellationToken)
    {
        await engine.CheckAsync(cancellationToken);
        BerthBaseImage.Tag();
    }

    /// <summary>
    /// An environment with <c>docker.enableGpu</c> needs an engine that gives containers GPUs (the NVIDIA container
    /// toolkit's <c>nvidia</c> runtime); without one the replica would silently run on the CPU, so the deploy is refused.
    /// </summary>
    public async Task CheckGpuAsync(string file, string field, CancellationToken cancellationToken)
    {
        var runtimes = await engine.RuntimesAsync(cancellationToken);
        if (!runtimes.Contains("nvidia"))
        {
            throw new ConfigValidationException(
                [new ConfigIssue(file, null, null, field, $"enableGpu is true, but the Docker engine here has no GPU runtime (its runtimes: {string.Join(", ", runtimes.DefaultIfEmpty("none"))}), so the container would run without a GPU")],
                "set \"enableGpu\" to false to run on the CPU, or deploy to a cluster with GPUs (computeType kubernetes with \"containerResourceRequirements.gpu\"), or install the NVIDIA container toolkit on this machine");
        }
    }

    /// <summary>The tag the replica image of <paramref name="environment"/> has or will have, and whether the engine has it.</summary>
    public async Task<(string Tag, bool Built)> ImageOfAsync(EnvironmentDefinition? environment, CancellationToken cancellationToken)
    {
        await engine.CheckAsync(cancellationToken);
        var tag = TagFor(environment, BerthBaseImage.Tag());
        return (tag, await engine.ImageExistsAsync(tag, cancellationToken));
    }

    /// <returns>The replica image's tag, which replicas of this environment start from.</returns>
    public async Task<string> PrepareAsync(EnvironmentDefinition? environment, Action<string> progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(progress);
        await engine.CheckAsync(cancellationToken);
        var berthBase = await BerthBaseImage.EnsureAsync(engine, cancellationToken);
        var tag = TagFor(environment, berthBase);
        if (await engine.ImageExistsAsync(tag, cancellationToken))
        {
            progress($"reusing image {tag} (environment {environment?.ComputeHash()[..12] ?? "default"} was built before)");
            return tag;
        }

        var baseImage = ReplicaImageInputs.From(environment, berthBase, []).BaseImage ?? berthBase;
        var pip = await ImageRequirements.ResolveAsync(engine, baseImage, environment, progress, cancellationToken);
        var dockerfile = ReplicaDockerfile.Generate(ReplicaImageInputs.From(environment, berthBase, pip));
        var context = Directory.CreateTempSubdirectory("berth-image-");
        var started = time.GetTimestamp();
        try
        {
            progress($"building image {tag} from {baseImage}{(pip.Count > 0 ? $", installing {string.Join(", ", pip)}" : string.Empty)}");
            await engine.BuildImageAsync(context.FullName, dockerfile, tag, line => { if (!IsBuilderNoise(line)) progress("build: " + line); }, await BuildOptionsAsync(cancellationToken), cancellationToken);
            progress($"built image {tag} in {time.GetElapsedTime(started).TotalSeconds:0.0} s");
            return tag;
        }
        catch (ImageBuildFailedException e)
        {
            var failure = new InstallFailure("docker build", null, [.. e.ErrorLines]) { FailingStep = e.FailingStep, BuildError = e.Error };
            if (e.FailingStep?.Contains("pip", StringComparison.Ordinal) == true && pip.Count > 0)
            {
                // The image is Debian like this machine: its package index settings and Debian's python3-* packages apply.
                failure = await InstallFacts.AddAsync(failure, PythonEnvironment.SystemPython, pip.ToDictionary(NameOf, r => r, StringComparer.OrdinalIgnoreCase), cancellationToken);
            }

            throw new InstallFailedException(failure);
        }
        finally
        {
            context.Delete(recursive: true);
        }
    }

    public async Task<IReplica> StartAsync(ReplicaSpec spec, CancellationToken cancellationToken) =>
        await DockerReplica.StartAsync(engine, spec, layout.Root, layout.ModelsDirectory, ProcessUser(), HostNetwork(), time, cancellationToken);

    /// <summary>
    /// Replicas on the host's network (listening on 127.0.0.1 only) unless <c>BERTH_CONTAINER_NETWORK=bridge</c> puts them
    /// on the engine's bridge with the port published on 127.0.0.1 (DESIGN.md "Containers": the bridge's NAT costs throughput).
    /// </summary>
    private static bool HostNetwork() => Environment.GetEnvironmentVariable("BERTH_CONTAINER_NETWORK") != "bridge";

    public IReplica? Adopt(string id, string directory) => DockerReplica.Adopt(engine, id, directory, time);

    private static async Task<ImageBuildOptions> BuildOptionsAsync(CancellationToken cancellationToken)
    {
        var args = PipIndexArguments.For(Environment.GetEnvironmentVariable, await PipIndexArguments.ReadPipConfigAsync(cancellationToken));
        return new ImageBuildOptions { Folders = new Dictionary<string, string> { [ReplicaDockerfile.ScoringContextFolder] = ScoringBuildOutput.Find() }, BuildArgs = args };
    }

    /// <summary>The replica image's tag: the environment's hash and the base's key, then Berth's own build.</summary>
    private static string TagFor(EnvironmentDefinition? environment, string berthBase) =>
        $"{ReplicaDockerfile.ImageTag(environment, berthBase)}-{ScoringKey.Value}";

    /// <summary>The classic builder's bookkeeping lines (layer ids, intermediate containers): not worth a deploy step each.</summary>
    private static bool IsBuilderNoise(string line) =>
        line.StartsWith(" ---> ", StringComparison.Ordinal) || line.StartsWith("Removing intermediate container", StringComparison.Ordinal);

    /// <summary>The project name of a pip requirement (<c>pandas==1.5.3</c>: <c>pandas</c>).</summary>
    private static string NameOf(string requirement) => requirement.Split('=', '<', '>', '!', '~', '[', ';', ' ', '@')[0];

    /// <summary>The server's own uid:gid: the replica reads the owner's files and what it writes stays the owner's.</summary>
    private static string ProcessUser() => $"{NativeMethods.GetUid()}:{NativeMethods.GetGid()}";
}

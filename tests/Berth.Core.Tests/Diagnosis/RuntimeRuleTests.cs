using Berth.Diagnosis;
using Berth.Services;
using static Berth.Tests.Diagnosis.Evidence;

namespace Berth.Tests.Diagnosis;

public sealed class RuntimeRuleTests
{
    private static RouterStats Stats(params (int Status, long Count)[] counts) =>
        new(counts.Sum(c => c.Count), counts.ToDictionary(c => c.Status, c => c.Count));

    [Fact]
    public void OomKilledReplica_IsOom_WithNumbersAndTheMemoryField()
    {
        var kill = new ReplicaEvent("replica-1", ReplicaEventKind.Exited, T0.AddSeconds(4))
        {
            ExitCode = 137, Signal = "SIGKILL", OomKilled = true, MemoryBytes = 540L * 1024 * 1024,
        };
        var evidence = For(string.Empty, Started(0), kill) with { Settings = new() { MemoryInGB = 0.5 } };

        var d = Only(evidence, "oom");

        Assert.Equal("A replica ran out of memory and was killed; its worker cannot start within the memory it has.", d.Summary);
        Assert.Contains("replica-1 exited with exit code 137 (SIGKILL, killed by the memory limit) at 12:00:04Z, using 540 MiB", d.Evidence);
        Assert.Contains("memoryInGB is 0.5 (512 MiB)", d.Evidence);
        Assert.Equal(
            "Set \"containerResourceRequirements\": {\"memoryInGB\": 1} in deploymentconfig.json (now 0.5), then run `berth service update diabetes --dc deploymentconfig.json`.",
            d.Remedy);
    }

    [Fact]
    public void GunicornPerhapsOutOfMemory_IsOom()
    {
        var evidence = For(LogSamples.OomGunicorn) with { Settings = new() { MemoryInGB = 1 } };

        var d = Only(evidence, "oom");

        Assert.Contains("[replica-1] 2026-11-25 12:00:06,930 E [41] gunicorn.error - Worker (pid:61) was sent SIGKILL! Perhaps out of memory?", d.Evidence);
        Assert.Contains("{\"memoryInGB\": 2}", d.Remedy, StringComparison.Ordinal);
        Assert.Contains("(now 1)", d.Remedy, StringComparison.Ordinal);
    }

    [Fact]
    public void BootingWorkerAgainAndAgain_IsOom_EvenWithoutExitEvents()
    {
        var d = Only(For(LogSamples.OomLegacyBootLoop), "oom");

        Assert.Contains("'Booting worker with pid' appears 4 times in replica-1's log with no worker becoming ready:", d.Evidence);
        Assert.Contains("  Booting worker with pid: 151", d.Evidence);
        Assert.Contains("memoryInGB is not set: the replica had no memory limit of its own, so the machine ran out of memory", d.Evidence);
        Assert.Contains("(now not set)", d.Remedy, StringComparison.Ordinal);
    }

    [Fact]
    public void RepeatedInitFailures_AreNotOom()
    {
        var log = string.Join("\n", Enumerable.Repeat(LogSamples.InitKeyError, 3));
        var evidence = For(log, Started(0), Exited(1, 3), Started(11), Exited(12, 3), Started(32), Exited(33, 3));

        Assert.DoesNotContain("oom", Codes(evidence));
    }

    [Fact]
    public void SeveralWorkersBootingAtOnce_AreNotOom()
    {
        var log = """
            2026-11-25 12:00:00,105 I [41] gunicorn.error - Booting worker with pid: 52
            2026-11-25 12:00:00,106 I [41] gunicorn.error - Booting worker with pid: 53
            2026-11-25 12:00:00,107 I [41] gunicorn.error - Booting worker with pid: 54
            2026-11-25 12:00:00,108 I [41] gunicorn.error - Booting worker with pid: 55
            2026-11-25 12:00:01,405 I [53] azmlinfsrv - Worker with pid 53 ready for serving traffic
            2026-11-25 12:00:01,405 I [52] azmlinfsrv - Worker with pid 52 ready for serving traffic
            """;
        var evidence = For(log) with { Settings = new() { WorkerCount = 4 } };

        Assert.Empty(Diagnose(evidence));
    }

    [Fact]
    public void PortHeldByAnotherProcess_IsPortInUse_NamingTheHolder()
    {
        var evidence = For(string.Empty) with
        {
            Settings = new() { Port = 6789 },
            PortConflict = new PortConflict(6789, 4242, "python3 -m http.server 6789"),
        };

        var d = Only(evidence, "port_in_use");

        Assert.Equal("Port 6789 is already in use by process 4242 (python3 -m http.server 6789).", d.Summary);
        Assert.Equal("Port 6789 is held by process 4242 (python3 -m http.server 6789)", d.Evidence[0]);
        Assert.Equal(
            "Set \"port\" in deploymentconfig.json to a free port (now 6789) or remove it to let Berth pick one, or stop process 4242 (python3 -m http.server 6789), then deploy again.",
            d.Remedy);
    }

    [Fact]
    public void GunicornConnectionInUse_IsPortInUse_WithThePortFromTheLog()
    {
        var d = Only(For(LogSamples.PortInUseGunicorn), "port_in_use");

        Assert.Equal("Port 5001 is already in use.", d.Summary);
        Assert.Contains("[replica-1] 2026-11-25 12:00:00,103 E [41] gunicorn.error - Connection in use: ('0.0.0.0', 5001)", d.Evidence);
    }

    [Fact]
    public void PipCannotFindVersion_IsInstallFailed_QuotingPip()
    {
        var output = """
            Collecting azureml-defaults>=1.0.45
              Using cached azureml_defaults-1.57.0-py3-none-any.whl (2.0 kB)
            ERROR: Could not find a version that satisfies the requirement scikit-learn==9.9 (from versions: 0.9, 0.10, 0.11, 1.4.2, 1.5.0, 1.5.1, 1.5.2)
            ERROR: No matching distribution found for scikit-learn==9.9
            """.Split('\n');
        var evidence = For(string.Empty) with { InstallFailure = new InstallFailure("pip", 1, output) };

        var d = Only(evidence, "install_failed");

        Assert.Equal("Preparing the environment failed: pip cannot find \"scikit-learn==9.9\".", d.Summary);
        Assert.Equal(
            [
                "pip: ERROR: Could not find a version that satisfies the requirement scikit-learn==9.9 (from versions: 0.9, 0.10, 0.11, 1.4.2, 1.5.0, 1.5.1, 1.5.2)",
                "pip: ERROR: No matching distribution found for scikit-learn==9.9",
                "pip exited with code 1",
            ],
            d.Evidence);
        Assert.Equal(
            "Fix or remove \"scikit-learn==9.9\" in myenv.yml: check the package name and pick a version the index has (`pip index versions scikit-learn` lists them), then run `berth service update diabetes --ic inferenceconfig.json`.",
            d.Remedy);
    }

    [Fact]
    public void CondaPackagesNotFound_IsInstallFailed_NamingThePackage()
    {
        var output = """
            Collecting package metadata (repodata.json): done
            Solving environment: failed

            PackagesNotFoundError: The following packages are not available from current channels:

              - scikit-lern=1.3

            Current channels:

              - https://conda.anaconda.org/conda-forge/linux-64
            """.Split('\n');
        var evidence = For(string.Empty) with { InstallFailure = new InstallFailure("conda", 1, output) };

        var d = Only(evidence, "install_failed");

        Assert.Contains("conda: - scikit-lern=1.3", d.Evidence);
        Assert.Contains("`conda search scikit-lern`", d.Remedy, StringComparison.Ordinal);
    }

    [Fact]
    public void CSharpCompileErrors_AreCompileFailed_NotInitFailed()
    {
        var evidence = For(LogSamples.CompileErrors, Started(0), Exited(1, 3)) with { ServiceName = "digits", EntryScript = "score.cs" };

        var d = Only(evidence, "compile_failed");

        Assert.Equal("score.cs does not compile: 2 errors, the first at line 12: CS1002 ; expected", d.Summary);
        Assert.Equal(
            ["score.cs(12,5): error CS1002: ; expected", "score.cs(20,13): error CS0103: The name 'modle' does not exist in the current context"],
            d.Evidence);
        Assert.Equal("Fix score.cs line 12, column 5 (CS1002: ; expected) and the other errors listed, then run `berth service reload digits`.", d.Remedy);
    }

    [Fact]
    public void RunRaises_IsRunFailed_WithShareOf502AndLastTraceback()
    {
        var evidence = For(LogSamples.RunKeyError) with { Router = Stats((200, 80), (502, 20)) };

        var d = Only(evidence, "run_failed");

        Assert.Equal("run() raised KeyError: 'data' in 20 of 100 requests (20%).", d.Summary);
        Assert.Contains("20 of 100 requests (20%) answered 502: run() raised or the replica dropped the connection", d.Evidence);
        Assert.Contains("last run() exception [replica-1]: KeyError: 'data'", d.Evidence);
        Assert.Contains("at score.py, line 21, in run: data = np.array(json.loads(raw_data)[\"data\"])", d.Evidence);
        Assert.Equal(
            "Fix score.py line 21 so that run() does not raise KeyError (validate the input and return an error result instead), then run `berth service reload diabetes`.",
            d.Remedy);
        Assert.Equal(DiagnosisSeverity.Warning, d.Severity);
    }

    [Fact]
    public void ClientErrors_AreNotCountedAgainstRun_TheShareOf502IsOfTheServedRequests()
    {
        var evidence = For(LogSamples.RunKeyError) with { Router = Stats((200, 60), (413, 30), (502, 10)) with { ClientErrors = 30 } };

        var d = Only(evidence, "run_failed");

        Assert.Equal("run() raised KeyError: 'data' in 10 of 70 requests (14.3%).", d.Summary);
        Assert.Contains("30 more requests failed because of the caller (body too large, malformed or stalled, caller gone) and are not counted against run()", d.Evidence);
    }

    [Fact]
    public void Requests504_AreTimeout_ComparingSlowestRunsWithTheLimit()
    {
        var evidence = For(LogSamples.Healthy) with
        {
            Router = Stats((200, 90), (504, 10)) with { SlowestRunTimesMs = [60000, 60000, 41000], MedianRunTimeMs = 850 },
        };

        var d = Only(evidence, "timeout");

        Assert.Equal("10 of 100 requests (10%) ran longer than scoringTimeoutMs (60000 ms) and timed out (504).", d.Summary);
        Assert.Contains("slowest run() times: 60000 ms, 60000 ms, 41000 ms (scoringTimeoutMs is 60000)", d.Evidence);
        Assert.Contains("median run() time: 850 ms", d.Evidence);
        Assert.Equal(
            "Raise \"scoringTimeoutMs\" in deploymentconfig.json (now 60000) to 120000 and run `berth service update diabetes --dc deploymentconfig.json`, or make run() in score.py faster; a run() that never finishes is stuck in a loop or waiting on something.",
            d.Remedy);
    }

    [Fact]
    public void Requests503WithNoReadyReplica_AreNoReadyReplica_NotOverloaded_SayingWhyPerReplica()
    {
        var exit = new ReplicaEvent("replica-1", ReplicaEventKind.Exited, T0.AddSeconds(3)) { ExitCode = 1 };
        var evidence = For(string.Empty, Started(0), exit) with { Router = Stats((503, 40)) with { NoReplicaRejections = 40 } };

        var causes = DiagnosisEngine.Default.Diagnose(evidence);

        var d = Assert.Single(causes, c => c.Code == "no_ready_replica");
        Assert.DoesNotContain(causes, c => c.Code == "overloaded");
        Assert.Equal("40 of 40 requests (100%) were turned away with 503 because no replica was ready to take them.", d.Summary);
        Assert.Contains("replica-1: exited with exit code 1 at 12:00:03Z; backing off before its restart", d.Evidence);
        Assert.Contains("berth service logs diabetes", d.Remedy, StringComparison.Ordinal);
    }

    [Fact]
    public void Requests503_SomeForNoReplica_SomeForBusyReplicas_AreEachTheirOwnCause()
    {
        var evidence = For(LogSamples.Healthy, Started(0)) with { Router = Stats((200, 150), (503, 50)) with { NoReplicaRejections = 10 } };

        var causes = DiagnosisEngine.Default.Diagnose(evidence);

        Assert.Contains("10 of 200 requests (5%) answered 503 because no replica was ready", Assert.Single(causes, c => c.Code == "no_ready_replica").Evidence);
        Assert.Contains("40 of 200 requests (20%) answered 503 after waiting for a free replica", Assert.Single(causes, c => c.Code == "overloaded").Evidence);
    }

    [Fact]
    public void Requests503_AreOverloaded_WithReplicasNeeded()
    {
        var evidence = For(LogSamples.Healthy) with
        {
            Router = Stats((200, 150), (503, 50)) with { LongestQueueWaitsMs = [500, 500, 498], PeakRequestsPerSecond = 20, MedianRunTimeMs = 150 },
        };

        var d = Only(evidence, "overloaded");

        Assert.Equal("50 of 200 requests (25%) were turned away with 503: requests arrive faster than the replicas serve them.", d.Summary);
        Assert.Contains("longest queue waits: 500 ms, 500 ms, 498 ms (maxQueueWaitMs is 500)", d.Evidence);
        Assert.Contains("numReplicas 1 x maxConcurrentRequestsPerContainer 1 = 1 request(s) at a time", d.Evidence);
        Assert.Equal(
            "Raise \"numReplicas\" in deploymentconfig.json (now 1) to 5, or \"maxConcurrentRequestsPerContainer\" (now 1) if run() can serve requests in parallel, or \"maxQueueWaitMs\" (now 500) to let requests wait longer; then run `berth service update diabetes --dc deploymentconfig.json`.",
            d.Remedy);
    }

    [Fact]
    public void Overloaded_OnAutoscaledKubernetes_NamesTheAutoscalerFields()
    {
        var evidence = For(LogSamples.Healthy) with
        {
            Target = ServiceTargetKind.Kubernetes,
            Settings = new() { AutoscaleEnabled = true, AutoscaleMaxReplicas = 4 },
            Router = Stats((200, 90), (503, 10)),
        };

        var d = Only(evidence, "overloaded");

        Assert.StartsWith("Raise \"autoScaler.minReplicas\" to absorb spikes and \"autoScaler.maxReplicas\" in deploymentconfig.json (now 4) to 8", d.Remedy, StringComparison.Ordinal);
    }

    [Fact]
    public void StatusCountsOfOneCause_DoNotFireTheOthers()
    {
        Assert.Equal(["timeout"], Codes(For(LogSamples.Healthy) with { Router = Stats((200, 10), (504, 1)) }));
        Assert.Equal(["overloaded"], Codes(For(LogSamples.Healthy) with { Router = Stats((200, 10), (503, 1)) }));
        Assert.Empty(Codes(For(LogSamples.Healthy) with { Router = Stats((200, 10), (400, 3)) }));
    }

    [Fact]
    public void RepeatedInitFailures_AreInitFailedThenCrashLoop_PointingAtTheCause()
    {
        var evidence = For(LogSamples.InitKeyError, Started(0), Exited(1, 3), Started(11), Exited(12, 3), Started(32), Exited(33, 3))
            with { ObservedAt = T0.AddSeconds(38) };

        var all = Diagnose(evidence);

        Assert.Equal(["init_failed", "crash_loop"], all.Select(d => d.Code));
        var d = all[1];
        Assert.Equal("replica-1 keeps failing at start and is restarted with growing delays (CrashLoopBackOff).", d.Summary);
        Assert.Equal("replica-1 failed to start 3 times in a row: exit code 3 at 12:00:01Z; exit code 3 at 12:00:12Z; exit code 3 at 12:00:33Z", d.Evidence[0]);
        Assert.Equal("next restart in 35 s (backoff 40 s; 10 s doubling to 5 min)", d.Evidence[1]);
        Assert.Equal("cause: init() raises KeyError at score.py, line 9", d.Evidence[2]);
        Assert.StartsWith("Fix the cause (init() raises KeyError at score.py, line 9; see the diagnosis of the failure), then run `berth service reload diabetes`", d.Remedy, StringComparison.Ordinal);
    }

    [Fact]
    public void NoNodeWithAGpu_IsUnschedulable_NamingTheResource()
    {
        var evidence = For(string.Empty) with
        {
            Target = ServiceTargetKind.Kubernetes,
            Settings = new() { Gpu = 1 },
            SchedulingFailure = new SchedulingFailure("0/3 nodes are available: 3 Insufficient nvidia.com/gpu.", TimeSpan.FromMinutes(5)),
        };

        var d = Only(evidence, "unschedulable");

        Assert.Equal("No node in the cluster has enough nvidia.com/gpu for the service.", d.Summary);
        Assert.Contains("Couldn't Schedule because the kubernetes cluster didn't have available resources after trying for 00:05:00", d.Evidence);
        Assert.Contains("0/3 nodes are available: 3 Insufficient nvidia.com/gpu.", d.Evidence);
        Assert.Contains("set \"containerResourceRequirements\": {\"gpu\": 0} (now 1) if the model can run without a GPU", d.Remedy, StringComparison.Ordinal);
    }

    [Fact]
    public void ImagePullBackOff_IsImagePullFailed_NamingTheImageTheRegistryAndTheKubeletsWords_AndIsCertain()
    {
        var evidence = For(string.Empty) with
        {
            Target = ServiceTargetKind.Kubernetes,
            ImagePullFailure = new ImagePullFailure("g1-r1", "ImagePullBackOff", "Back-off pulling image \"10.0.0.5:5000/berth/env:abc\"", "10.0.0.5:5000/berth/env:abc"),
        };

        var d = Only(evidence, "image_pull_failed");

        Assert.Equal("The cluster's node cannot pull the image 10.0.0.5:5000/berth/env:abc from 10.0.0.5:5000.", d.Summary);
        Assert.Contains("[g1-r1] ImagePullBackOff: Back-off pulling image \"10.0.0.5:5000/berth/env:abc\"", d.Evidence);
        Assert.Contains("reach 10.0.0.5:5000 and have its login", d.Remedy, StringComparison.Ordinal);
        Assert.True(DeploymentFailure.IsCertain([d]));
    }

    [Fact]
    public void PodsRefusedByAQuota_IsPodsRefused_WithTheClustersWordsAndWhatEachReplicaAsks_AndIsCertain()
    {
        const string message = "pods \"berth-d1-g1-r1-x\" is forbidden: exceeded quota: tiny, requested: cpu=500m,memory=1Gi, used: cpu=0,memory=0, limited: cpu=100m,memory=100Mi";
        var evidence = For(string.Empty) with
        {
            Target = ServiceTargetKind.Kubernetes,
            Settings = new DeploymentSettings { Cpu = 0.5, MemoryInGB = 1 },
            PodsRefused = new PodsRefused("g1-r1", "quota-test", message),
        };

        var d = Only(evidence, "pods_refused");

        Assert.Equal("The namespace quota-test refused the replicas' pods: its resource quota is exceeded.", d.Summary);
        Assert.Contains($"[g1-r1] {message}", d.Evidence);
        Assert.Contains("Each replica asks for cpu 0.5, memoryInGB 1", d.Remedy, StringComparison.Ordinal);
        Assert.Contains("kubectl describe resourcequota -n quota-test", d.Remedy, StringComparison.Ordinal);
        Assert.True(DeploymentFailure.IsCertain([d]));
    }

    [Fact]
    public void PodsRefusedByAnAdmissionPolicy_NamesTheNamespace_WithoutTalkingOfAQuota()
    {
        var evidence = For(string.Empty) with { PodsRefused = new PodsRefused("g1-r1", "locked", "pods \"x\" is forbidden: violates PodSecurity \"restricted\"") };

        var d = Only(evidence, "pods_refused");

        Assert.Equal("The namespace locked refused the replicas' pods.", d.Summary);
        Assert.Contains("what namespace locked allows", d.Remedy, StringComparison.Ordinal);
    }

    [Fact]
    public void LivenessProbeKillsBeforeReady_IsLivenessProbeFailed_SayingInitIsSlowerThanTheProbe_NotACrashLoop()
    {
        var evidence = For(string.Empty, Started(0), Killed(12), Started(13), Killed(25), Started(26), Killed(38)) with
        {
            Target = ServiceTargetKind.Kubernetes,
            Settings = new DeploymentSettings { LivenessProbe = new Berth.Configuration.LivenessProbeSettings(2, 5, 1, 1, 3) },
        };

        var d = Only(evidence, "liveness_probe_failed");

        Assert.Equal("The liveness probe killed the replica before init() finished: init() takes longer than the probe's 11 s.", d.Summary);
        Assert.Contains($"[replica-1] exit code 137 (SIGKILL, killed by its liveness probe) at {T0.AddSeconds(12):HH:mm:ss}", d.Evidence);
        Assert.Contains("\"livenessProbeRequirements.initialDelaySeconds\" in deploymentconfig.json (now 5)", d.Remedy, StringComparison.Ordinal);
    }

    [Fact]
    public void LivenessProbeKillsAfterReady_SaysTheReplicaStoppedAnswering()
    {
        var evidence = For(string.Empty, Started(0), new ReplicaEvent("replica-1", ReplicaEventKind.Ready, T0.AddSeconds(3)), Killed(60));

        var d = Only(evidence, "liveness_probe_failed");

        Assert.StartsWith("The liveness probe killed a ready replica", d.Summary, StringComparison.Ordinal);
        Assert.Contains("run() that blocks every worker", d.Remedy, StringComparison.Ordinal);
    }

    private static ReplicaEvent Killed(double second) => Exited(second, 137) with { Signal = "SIGKILL", KilledByLivenessProbe = true };

    [Fact]
    public void Engine_ListsErrorsBeforeWarnings()
    {
        var evidence = For(LogSamples.RunKeyError, Started(0), new ReplicaEvent("replica-1", ReplicaEventKind.Exited, T0.AddSeconds(90)) { ExitCode = 137, OomKilled = true })
            with { Router = Stats((200, 80), (502, 20)) };

        Assert.Equal(["oom", "run_failed"], Codes(evidence));
    }
}

using Berth.Diagnosis;
using Berth.Services;
using static Berth.Tests.Diagnosis.Evidence;

namespace Berth.Tests.Diagnosis;

public sealed class NegativeAndEdgeCaseTests
{
    [Fact]
    public void FileNotFoundForANonModelFile_IsInitFailed_NotModelNotFound()
    {
        var log = LogSamples.InitFileNotFound
            .Replace("/var/azureml-app/azureml-models/diabetes/1/model.pkl", "/var/azureml-app/labels.json", StringComparison.Ordinal);

        var d = Only(For(log, Started(0), Exited(1.1, 3)), "init_failed");

        Assert.Equal("init() failed with FileNotFoundError: [Errno 2] No such file or directory: '/var/azureml-app/labels.json' (score.py, line 12).", d.Summary);
    }

    [Fact]
    public void SameInitFailureOnTwoReplicas_IsOneDiagnosis()
    {
        var evidence = For(LogSamples.InitKeyError) with
        {
            Logs = [ReplicaLog.FromText("replica-1", LogSamples.InitKeyError), ReplicaLog.FromText("replica-2", LogSamples.InitKeyError)],
        };

        Assert.Equal(["init_failed"], Codes(evidence));
    }

    [Fact]
    public void CrlfLog_IsReadLikeLf()
    {
        var evidence = For(LogSamples.InitKeyError.ReplaceLineEndings("\r\n"));

        var d = Only(evidence, "init_failed");

        Assert.Contains("at score.py, line 9, in init: model_name = os.environ[\"MODEL_NAME\"]", d.Evidence);
    }

    [Fact]
    public void CrashLoopOfOomKills_PointsAtOom()
    {
        ReplicaEvent Kill(int s) => new("replica-1", ReplicaEventKind.Exited, T0.AddSeconds(s)) { ExitCode = 137, OomKilled = true };
        var evidence = For(string.Empty, Started(0), Kill(2), Started(12), Kill(14), Started(34), Kill(36)) with
        {
            ObservedAt = T0.AddSeconds(36),
            Settings = new() { MemoryInGB = 0.5 },
        };

        var all = Diagnose(evidence);

        Assert.Equal(["oom", "crash_loop"], all.Select(d => d.Code));
        Assert.Contains("cause: killed by the memory limit, see oom", all[1].Evidence);
        Assert.Contains("next restart in 40 s (backoff 40 s; 10 s doubling to 5 min)", all[1].Evidence);
    }

    [Fact]
    public void RunTraceback_DoesNotMakeInitFailedOrModelNotFound()
    {
        var codes = Codes(For(LogSamples.RunKeyError));

        Assert.Equal(["run_failed"], codes);
    }

    [Fact]
    public void InitFailureLog_DoesNotMakeRunFailedTimeoutOrOverloaded()
    {
        var codes = Codes(For(LogSamples.InitKeyError, Started(0), Exited(1, 3)) with
        {
            Router = new RouterStats(5, new Dictionary<int, long> { [503] = 0, [200] = 5 }),
        });

        Assert.Equal(["init_failed"], codes);
    }

    [Fact]
    public void Engine_WithCustomRules_RunsOnlyThose()
    {
        var engine = new DiagnosisEngine([DiagnosisEngine.DefaultRules.Single(r => r.Code == "oom")]);

        Assert.Empty(engine.Diagnose(For(LogSamples.InitKeyError, Started(0), Exited(1, 3))));
    }

    [Fact]
    public void DefaultRules_HaveDistinctStableCodes()
    {
        var codes = DiagnosisEngine.DefaultRules.Select(r => r.Code).ToList();

        Assert.Equal(codes.Count, codes.Distinct().Count());
        Assert.Equal(
            ["internal_error", "package_index_unreachable", "image_build_failed", "install_failed", "compile_failed", "port_in_use", "unschedulable", "image_pull_failed", "pods_refused", "pickle_version_mismatch", "missing_package", "onnx_model_invalid", "model_not_found", "init_failed", "oom", "liveness_probe_failed", "crash_loop", "run_failed", "timeout", "no_ready_replica", "overloaded"],
            codes);
    }

    [Fact]
    public void OldSklearnExternalsJoblibImport_IsMissingPackage_NotPickleMismatch()
    {
        var log = LogSamples.ImportCv2
            .Replace("import cv2", "from sklearn.externals import joblib", StringComparison.Ordinal)
            .Replace("No module named 'cv2'", "No module named 'sklearn.externals.joblib'", StringComparison.Ordinal);

        var d = Only(For(log), "missing_package");

        Assert.Contains("at score.py, line 4, in <module>: from sklearn.externals import joblib", d.Evidence);
        Assert.Contains("scikit-learn 0.23 removed sklearn.externals.joblib; joblib is its own package", d.Evidence);
        Assert.Equal("Replace `from sklearn.externals import joblib` with `import joblib` in score.py.", d.Remedy);
    }

    [Fact]
    public void OldSklearnExternalsJoblibImport_WithoutJoblibListed_AlsoAddsJoblib()
    {
        var log = LogSamples.ImportCv2
            .Replace("import cv2", "from sklearn.externals import joblib", StringComparison.Ordinal)
            .Replace("No module named 'cv2'", "No module named 'sklearn.externals.joblib'", StringComparison.Ordinal);
        var evidence = For(log) with { Environment = MyEnv with { PipPackages = ["scikit-learn==1.5.2"] } };

        var d = Only(evidence, "missing_package");

        Assert.StartsWith("Replace `from sklearn.externals import joblib` with `import joblib` in score.py; add \"joblib\" to the pip list in myenv.yml", d.Remedy, StringComparison.Ordinal);
    }

    [Fact]
    public void PlainJoblibImportMissing_DoesNotMentionSklearnExternals()
    {
        var log = LogSamples.ImportCv2.Replace("import cv2", "import joblib", StringComparison.Ordinal).Replace("'cv2'", "'joblib'", StringComparison.Ordinal);
        var evidence = For(log) with { Environment = MyEnv with { PipPackages = [] } };

        var d = Only(evidence, "missing_package");

        Assert.DoesNotContain("sklearn.externals", d.Remedy, StringComparison.Ordinal);
        Assert.StartsWith("Add \"joblib\" to the pip list in myenv.yml", d.Remedy, StringComparison.Ordinal);
    }
}

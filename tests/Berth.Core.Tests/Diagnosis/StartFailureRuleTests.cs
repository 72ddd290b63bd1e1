using Berth.Diagnosis;
using static Berth.Tests.Diagnosis.Evidence;

namespace Berth.Tests.Diagnosis;

public sealed class StartFailureRuleTests
{
    [Fact]
    public void HealthyLog_GivesNoDiagnosis()
    {
        var evidence = For(LogSamples.Healthy, Started(0), new("replica-1", Berth.Services.ReplicaEventKind.Ready, T0.AddSeconds(1.4)));

        Assert.Empty(Diagnose(evidence));
    }

    [Fact]
    public void InitRaisesKeyError_IsInitFailed_WithTypeMessageAndUserFileLine()
    {
        var d = Only(For(LogSamples.InitKeyError, Started(0), Exited(1.1, 3)), "init_failed");

        Assert.Equal("init() failed with KeyError: 'MODEL_NAME' (score.py, line 9).", d.Summary);
        Assert.Contains("[replica-1] 2026-11-25 12:00:00,795 E [52] azmlinfsrv - User's init function failed", d.Evidence);
        Assert.Contains("[replica-1] KeyError: 'MODEL_NAME'", d.Evidence);
        Assert.Contains("at score.py, line 9, in init: model_name = os.environ[\"MODEL_NAME\"]", d.Evidence);
        Assert.Contains("also in the chain: azureml_inference_server_http.server.user_script.UserScriptException: Caught an unhandled exception from the user script", d.Evidence);
        Assert.Contains("replica-1 exited with exit code 3 at 12:00:01Z", d.Evidence);
        Assert.Equal("Fix score.py line 9 (in init) so that init() does not raise KeyError, then run `berth service reload diabetes`.", d.Remedy);
        Assert.Equal(DiagnosisSeverity.Error, d.Severity);
    }

    [Fact]
    public void InitFailed_OnKubernetes_RemedyIsUpdateNotReload()
    {
        var evidence = For(LogSamples.InitKeyError) with { Target = Berth.Services.ServiceTargetKind.Kubernetes };

        var d = Only(evidence, "init_failed");

        Assert.EndsWith("then run `berth service update diabetes --ic inferenceconfig.json`.", d.Remedy, StringComparison.Ordinal);
    }

    [Fact]
    public void ExitCode3WithoutLogs_IsInitFailed_WithoutTraceback()
    {
        var evidence = For(string.Empty, Started(0), Exited(2, 3));

        var d = Only(evidence, "init_failed");

        Assert.Equal("init() in score.py failed, but the log has no traceback.", d.Summary);
        Assert.Contains("replica-1 exited with exit code 3 at 12:00:02Z, the server's code for a failed init()", d.Evidence);
    }

    [Fact]
    public void MissingModelFile_IsModelNotFound_NotAlsoInitFailed_AndShowsDirectoryContents()
    {
        var d = Only(For(LogSamples.InitFileNotFound, Started(0), Exited(1.1, 3)), "model_not_found");

        Assert.Equal("init() opened '/var/azureml-app/azureml-models/diabetes/1/model.pkl', which does not exist.", d.Summary);
        Assert.Contains("[replica-1] FileNotFoundError: [Errno 2] No such file or directory: '/var/azureml-app/azureml-models/diabetes/1/model.pkl'", d.Evidence);
        Assert.Contains("at score.py, line 12, in init: model = joblib.load(model_path)", d.Evidence);
        Assert.Contains("Model Directory Contents:", d.Evidence);
        Assert.Contains("  └── sklearn_regression_model.pkl", d.Evidence);
        Assert.Equal(
            "Change score.py line 12 to open os.path.join(os.getenv('AZUREML_MODEL_DIR'), 'sklearn_regression_model.pkl') (the model directory holds sklearn_regression_model.pkl), or register the model with 'model.pkl' in it.",
            d.Remedy);
    }

    [Fact]
    public void GetModelPathModelNotFoundException_NamesWhatWasLookedForAndWhatIsThere()
    {
        var d = Only(For(LogSamples.InitModelNotFoundException, Started(0), Exited(1.1, 3)), "model_not_found");

        Assert.Equal("get_model_path('my-best-model') found no model named 'my-best-model': it looked in azureml-models and in the working directory /var/azureml-app.", d.Summary);
        Assert.Contains("at score.py, line 10, in init: model_path = Model.get_model_path(\"my-best-model\")", d.Evidence);
        Assert.Contains("[replica-1] azureml.exceptions._azureml_exception.ModelNotFoundException: Model my-best-model not found in cache at azureml-models or in current working directory /var/azureml-app. For more info, set logging level to DEBUG.", d.Evidence);
        Assert.Contains("  /var/azureml-app/azureml-models/diabetes/1/", d.Evidence);
        Assert.Equal(
            "The service has the model(s) 'diabetes': call Model.get_model_path('diabetes') at score.py line 10, or deploy the model 'my-best-model' with `berth service update diabetes --model my-best-model`.",
            d.Remedy);
    }

    [Fact]
    public void CSharpInitFileNotFound_IsModelNotFound_WithCSharpRemedy()
    {
        var evidence = For(LogSamples.DotNetInitFileNotFound, Started(0), Exited(1, 3)) with { EntryScript = "score.cs" };

        var d = Only(evidence, "model_not_found");

        Assert.Contains("at score.cs, line 14, in Init", d.Evidence);
        Assert.Equal(
            "Change score.cs line 14 to open Path.Combine(Environment.GetEnvironmentVariable(\"AZUREML_MODEL_DIR\")!, \"mnist-12.onnx\") (the model directory holds mnist-12.onnx), or register the model with 'model.onnx' in it.",
            d.Remedy);
    }

    [Fact]
    public void ImportOfUninstalledModule_IsMissingPackage_WithPipNameAndEnvironmentFile()
    {
        var d = Only(For(LogSamples.ImportCv2, Started(0), Exited(1.1, 3)), "missing_package");

        Assert.Equal("The entry script imports 'cv2', which is not installed in the service's environment.", d.Summary);
        Assert.Contains("[replica-1] ModuleNotFoundError: No module named 'cv2' (at start)", d.Evidence);
        Assert.Contains("at score.py, line 4, in <module>: import cv2", d.Evidence);
        Assert.Contains("'cv2' is provided by the pip package \"opencv-python\", which myenv.yml does not list", d.Evidence);
        Assert.Equal(
            "Add \"opencv-python\" to the pip list in myenv.yml (dependencies: - pip: - opencv-python), then run `berth service update diabetes --ic inferenceconfig.json`.",
            d.Remedy);
    }

    [Fact]
    public void MissingModuleTheEnvironmentLists_SaysItIsListed()
    {
        var log = LogSamples.ImportCv2.Replace("import cv2", "import sklearn", StringComparison.Ordinal).Replace("'cv2'", "'sklearn'", StringComparison.Ordinal);
        var evidence = For(log) with { Environment = MyEnv with { PipPackages = ["scikit-learn==1.5.2"] } };

        var d = Only(evidence, "missing_package");

        Assert.Contains("myenv.yml lists \"scikit-learn==1.5.2\" for 'sklearn', yet the module is not importable", d.Evidence);
        Assert.StartsWith("Check that the service uses the environment that lists \"scikit-learn==1.5.2\"", d.Remedy, StringComparison.Ordinal);
    }

    [Fact]
    public void UnpickleWithMissingSklearnSubmodule_IsPickleMismatch_NotMissingPackageNorInitFailed()
    {
        var d = Only(For(LogSamples.UnpickleOldSklearn, Started(0), Exited(1.1, 3)), "pickle_version_mismatch");

        Assert.Equal("The model was pickled with a different version of scikit-learn: loading it needs 'sklearn.linear_model._base', which the installed scikit-learn does not have.", d.Summary);
        Assert.Contains("[replica-1] ModuleNotFoundError: No module named 'sklearn.linear_model._base'", d.Evidence);
        Assert.Contains("at score.py, line 11, in init: model = joblib.load(model_path)", d.Evidence);
        Assert.Contains("myenv.yml does not pin scikit-learn", d.Evidence);
        Assert.StartsWith("Pin scikit-learn in the pip list of myenv.yml to the version the model was trained with (\"scikit-learn==<version>\"", d.Remedy, StringComparison.Ordinal);
        Assert.Equal(DiagnosisSeverity.Error, d.Severity);
    }

    [Fact]
    public void InconsistentVersionWarning_IsPickleMismatchWarning_PinningTheTrainingVersion()
    {
        var d = Only(For(LogSamples.InconsistentVersionWarning), "pickle_version_mismatch");

        Assert.Equal("The model was pickled with scikit-learn 1.5.2 but the service loads it with 1.3.2.", d.Summary);
        Assert.Contains(d.Evidence, e => e.StartsWith("[replica-1] Trying to unpickle estimator Ridge from version 1.5.2 when using version 1.3.2.", StringComparison.Ordinal));
        Assert.Equal(
            "Pin the training version: set \"scikit-learn==1.5.2\" in the pip list of myenv.yml (the service has 1.3.2), then run `berth service update diabetes --ic inferenceconfig.json`; or save the model again with scikit-learn 1.3.2.",
            d.Remedy);
        Assert.Equal(DiagnosisSeverity.Warning, d.Severity);
    }

    [Fact]
    public void NumpyCoreModuleMissing_IsPickleMismatch_PinningNumpy2()
    {
        var log = LogSamples.UnpickleOldSklearn.Replace("sklearn.linear_model._base", "numpy._core", StringComparison.Ordinal);

        var d = Only(For(log), "pickle_version_mismatch");

        Assert.Contains("myenv.yml lists \"numpy==1.26.4\"", d.Evidence);
        Assert.StartsWith("The model was pickled with numpy 2 (module 'numpy._core' exists only there): set \"numpy>=2\" in the pip list of myenv.yml", d.Remedy, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sklearn", "scikit-learn")]
    [InlineData("cv2", "opencv-python")]
    [InlineData("PIL", "pillow")]
    [InlineData("yaml", "pyyaml")]
    [InlineData("google.protobuf", "protobuf")]
    [InlineData("skimage.io", "scikit-image")]
    [InlineData("pandas", "pandas")]
    [InlineData("my_helpers", "my-helpers")]
    public void PipName_MapsImportNames(string module, string pip)
    {
        Assert.Equal(pip, Berth.Diagnosis.Rules.PackageNames.PipName(module));
    }

    [Theory]
    [InlineData("scikit_learn>=1.3", "scikit-learn")]
    [InlineData("conda-forge::Scikit-Learn=1.3", "scikit-learn")]
    [InlineData("PyYAML", "pyyaml")]
    public void FindEntry_NormalizesNames(string entry, string pip)
    {
        var env = new EnvironmentPackages("e", null, [entry], []);

        Assert.Equal(entry, Berth.Diagnosis.Rules.PackageNames.FindEntry(env, pip));
    }
}

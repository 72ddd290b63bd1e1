using System.Text.Json;
using Berth.Configuration;
using Berth.Errors;

namespace Berth.Tests.Configuration;

public sealed class DeploymentConfigLoaderTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static ConfigValidationException Invalid(string json) =>
        Assert.Throws<ConfigValidationException>(() => DeploymentConfigLoader.Parse(json, "deploymentconfig.json"));

    [Fact]
    public void Load_DiabetesSample_IsLocalOnPort6789WithDefaults()
    {
        var spec = DeploymentConfigLoader.Load(Path.Combine(RepoPaths.Samples, "diabetes", "deploymentconfig.json"));

        Assert.Equal(ComputeType.Local, spec.ComputeType);
        Assert.Equal(6789, spec.Port);
        Assert.Equal(1, spec.NumReplicas);
        Assert.Equal(60000, spec.ScoringTimeoutMs);
        Assert.Equal(1, spec.MaxConcurrentRequestsPerContainer);
        Assert.Equal(500, spec.MaxQueueWaitMs);
        Assert.False(spec.AuthEnabled);
        Assert.False(spec.Autoscale.Enabled);
        Assert.Null(spec.Resources.MemoryInGB);
    }

    [Fact]
    public void Load_MissingFile_ThrowsFileNotFoundWithPath()
    {
        var path = Path.Combine(_folder.Path, "nope.json");

        var ex = Assert.Throws<BerthException>(() => DeploymentConfigLoader.Load(path));

        Assert.Equal(ErrorCodes.FileNotFound, ex.Code);
        Assert.Contains(path, ex.Message);
    }

    [Fact]
    public void Parse_KubernetesWithoutReplicas_DefaultsToAutoscaleAndKeyAuth()
    {
        var spec = DeploymentConfigLoader.Parse("""{"computeType": "AKS"}""", "dc.json");

        Assert.Equal(ComputeType.Kubernetes, spec.ComputeType);
        Assert.Equal(new AutoscaleSettings(true, 1, 10, 1, 70), spec.Autoscale);
        Assert.Null(spec.NumReplicas);
        Assert.True(spec.AuthEnabled);
        Assert.False(spec.TokenAuthEnabled);
        Assert.Equal(new ResourceRequirements(0.1, 0.5, null, null, 0), spec.Resources);
        Assert.Equal(LivenessProbeSettings.Default, spec.LivenessProbe);
    }

    [Fact]
    public void Parse_KubernetesWithNumReplicas_DisablesAutoscale()
    {
        var spec = DeploymentConfigLoader.Parse("""{"computeType": "kubernetes", "numReplicas": 3, "aadAuthEnabled": true}""", "dc.json");

        Assert.False(spec.Autoscale.Enabled);
        Assert.Equal(3, spec.NumReplicas);
        Assert.True(spec.TokenAuthEnabled);
        Assert.False(spec.AuthEnabled);
    }

    [Fact]
    public void Parse_KubernetesFullConfig_BindsEveryField()
    {
        var json = """
            {
              "computeType": "aks",
              "autoScaler": {"autoscaleEnabled": true, "minReplicas": 2, "maxReplicas": 4, "refreshPeriodInSeconds": 5, "targetUtilization": 50},
              "containerResourceRequirements": {"cpu": 0.5, "memoryInGB": 1, "cpuLimit": 1, "memoryInGBLimit": 2, "gpu": 1},
              "livenessProbeRequirements": {"periodSeconds": 5, "initialDelaySeconds": 20, "timeoutSeconds": 3, "successThreshold": 1, "failureThreshold": 4},
              "scoringTimeoutMs": 1000, "maxConcurrentRequestsPerContainer": 2, "maxQueueWaitMs": 100,
              "namespace": "ml-prod", "keys": {"primaryKey": "p", "secondaryKey": "s"},
              "dataCollection": {"storageEnabled": true}, "appInsightsEnabled": true,
              "tags": {"team": "risk", "tier": 1}, "description": "d", "computeTargetName": "aks1"
            }
            """;

        var spec = DeploymentConfigLoader.Parse(json, "dc.json");

        Assert.Equal(new AutoscaleSettings(true, 2, 4, 5, 50), spec.Autoscale);
        Assert.Equal(new ResourceRequirements(0.5, 1, 1, 2, 1), spec.Resources);
        Assert.Equal(new LivenessProbeSettings(5, 20, 3, 1, 4), spec.LivenessProbe);
        Assert.Equal((1000, 2, 100), (spec.ScoringTimeoutMs, spec.MaxConcurrentRequestsPerContainer, spec.MaxQueueWaitMs));
        Assert.Equal("ml-prod", spec.Namespace);
        Assert.Equal(("p", "s"), (spec.PrimaryKey, spec.SecondaryKey));
        Assert.True(spec.CollectModelData);
        Assert.Equal("1", spec.Tags["tier"]);
        Assert.Equal("aks1", spec.ComputeTargetName);
    }

    [Fact]
    public void Parse_InvalidKubernetesConfigWithThreeProblems_ReportsAllThreeWithLines()
    {
        var json = """
            {
              "computeType": "kubernetes",
              "containerResourceRequirements": {
                "cpu": -1
              },
              "namespace": "Bad_NS",
              "authEnabled": true,
              "aadAuthEnabled": true
            }
            """;

        var ex = Invalid(json);

        Assert.Equal(ErrorCodes.ConfigInvalid, ex.Code);
        Assert.Equal(3, ex.Issues.Count);
        var cpu = Assert.Single(ex.Issues, i => i.Field == "containerResourceRequirements.cpu");
        Assert.Equal("cpu_cores must be greater than zero. Got -1.", cpu.Message);
        Assert.Equal((4, 5), (cpu.Line, cpu.Column));
        var ns = Assert.Single(ex.Issues, i => i.Field == "namespace");
        Assert.StartsWith("namespace must be a valid Kubernetes namespace. Regex for validation is ^[a-z0-9]([a-z0-9-]{,61}[a-z0-9])?$", ns.Message);
        Assert.Contains("\"Bad_NS\"", ns.Message);
        Assert.Equal(6, ns.Line);
        var auth = Assert.Single(ex.Issues, i => i.Field == "authEnabled");
        Assert.StartsWith("auth_enabled and token_auth_enabled cannot both be true.", auth.Message);
        Assert.Contains("3 problems found", ex.Message);
    }

    [Fact]
    public void Parse_MinReplicasGreaterThanMax_GivesPlatformSentence()
    {
        var json = """
            {
              "computeType": "kubernetes",
              "autoScaler": {
                "autoscaleEnabled": true,
                "minReplicas": 5,
                "maxReplicas": 2
              }
            }
            """;

        var issue = Assert.Single(Invalid(json).Issues);

        Assert.Equal("autoScaler.minReplicas", issue.Field);
        Assert.Equal("autoscale_min_replicas cannot be greater than autoscale_max_replicas. minReplicas is 5, maxReplicas is 2.", issue.Message);
        Assert.Equal((5, 5), (issue.Line, issue.Column));
        Assert.Equal("deploymentconfig.json:5:5: autoScaler.minReplicas: " + issue.Message, issue.ToString());
    }

    [Fact]
    public void Parse_AutoscaleParameterWithoutEnabling_GivesPlatformSentence()
    {
        var issue = Assert.Single(Invalid("""{"computeType": "aks", "autoScaler": {"maxReplicas": 3}}""").Issues);

        Assert.Equal("autoScaler.maxReplicas", issue.Field);
        Assert.StartsWith("autoscale_max_replicas provided without enabling autoscaling.", issue.Message);
    }

    [Fact]
    public void Parse_AutoscaleEnabledWithNumReplicas_GivesPlatformSentence()
    {
        var issue = Assert.Single(Invalid("""{"computeType": "aks", "numReplicas": 2, "autoScaler": {"autoscaleEnabled": true}}""").Issues);

        Assert.StartsWith("autoscale enabled and num_replicas provided.", issue.Message);
    }

    [Fact]
    public void Parse_AutoscaleDisabledWithoutNumReplicas_GivesPlatformSentence()
    {
        var issue = Assert.Single(Invalid("""{"computeType": "aks", "autoScaler": {"autoscaleEnabled": false}}""").Issues);

        Assert.StartsWith("autoscale disabled but num_replicas not provided.", issue.Message);
    }

    [Fact]
    public void Parse_CpuLimitBelowRequest_SaysLimitMustBeAtLeastRequest()
    {
        var issue = Assert.Single(Invalid("""{"computeType": "aks", "containerResourceRequirements": {"cpuLimit": 0.05}}""").Issues);

        Assert.Equal("containerResourceRequirements.cpuLimit", issue.Field);
        Assert.Equal("cpu_cores_limit must be greater than or equal to cpu_cores. cpuLimit is 0.05, cpu is 0.1 (the default).", issue.Message);
    }

    [Fact]
    public void Parse_UnknownFieldWithTypo_SuggestsClosestKnownName()
    {
        var json = """
            {
              "computeType": "kubernetes",
              "numReplica": 2
            }
            """;

        var issue = Assert.Single(Invalid(json).Issues);

        Assert.Equal("numReplica", issue.Field);
        Assert.Equal((3, 3), (issue.Line, issue.Column));
        Assert.Contains("unknown field \"numReplica\" in a kubernetes deployment config; did you mean \"numReplicas\"?", issue.Message);
        Assert.Contains("Allowed fields: computeType, computeTargetName, namespace, numReplicas,", issue.Message);
    }

    [Fact]
    public void Parse_AutoScalerOnLocal_IsOnOnlyWhenEnabled_AndThenReplacesNumReplicas()
    {
        var on = DeploymentConfigLoader.Parse("""{"computeType": "local", "autoScaler": {"autoscaleEnabled": true, "maxReplicas": 8}}""", "deploymentconfig.json");
        var off = DeploymentConfigLoader.Parse("""{"computeType": "local"}""", "deploymentconfig.json");

        Assert.Equal(new AutoscaleSettings(true, 1, 8, 1, 70), on.Autoscale);
        Assert.Null(on.NumReplicas);
        Assert.False(off.Autoscale.Enabled);
        Assert.Equal(1, off.NumReplicas);
        var issue = Assert.Single(Invalid("""{"computeType": "local", "numReplicas": 2, "autoScaler": {"autoscaleEnabled": true}}""").Issues);
        Assert.Equal("numReplicas", issue.Field);
    }

    [Fact]
    public void Parse_PortOnKubernetes_SaysWhichComputeTypesTakeIt()
    {
        var issue = Assert.Single(Invalid("""{"computeType": "kubernetes", "port": 80}""").Issues);

        Assert.StartsWith("\"port\" is not valid for computeType \"kubernetes\"; it applies to local and container.", issue.Message);
    }

    [Fact]
    public void Parse_GpuOnContainer_SaysNotValidForComputeType()
    {
        var issue = Assert.Single(Invalid("""{"computeType": "aci", "containerResourceRequirements": {"gpu": 1}}""").Issues);

        Assert.Equal("containerResourceRequirements.gpu", issue.Field);
        Assert.StartsWith("\"containerResourceRequirements.gpu\" is not valid for computeType \"container\"", issue.Message);
    }

    [Fact]
    public void Parse_WrongJsonTypes_SayExpectedAndGot()
    {
        var ex = Invalid("""{"computeType": "aks", "containerResourceRequirements": {"cpu": "abc"}, "numReplicas": 1.5, "authEnabled": "yes"}""");

        Assert.Equal(3, ex.Issues.Count);
        Assert.Equal("expected a number, got \"abc\"", ex.Issues.Single(i => i.Field == "containerResourceRequirements.cpu").Message);
        Assert.Equal("expected a whole number, got 1.5", ex.Issues.Single(i => i.Field == "numReplicas").Message);
        Assert.Equal("expected true or false, got \"yes\"", ex.Issues.Single(i => i.Field == "authEnabled").Message);
    }

    [Fact]
    public void Parse_JsonSyntaxError_ReportsLineAndColumn()
    {
        var json = "{\n  \"computeType\": \"local\",\n  \"port\": 6789,\n}\n";

        var ex = Invalid(json);

        Assert.Equal(ErrorCodes.ConfigSyntax, ex.Code);
        var issue = Assert.Single(ex.Issues);
        Assert.Equal((4, 1), (issue.Line, issue.Column));
        Assert.StartsWith("deploymentconfig.json:4:1: JSON syntax error:", issue.ToString());
    }

    [Fact]
    public void Parse_MissingQuoteOnLineTwo_ReportsThatLine()
    {
        var issue = Assert.Single(Invalid("{\n  \"computeType: \"local\"\n}").Issues);

        Assert.Equal(2, issue.Line);
    }

    [Fact]
    public void Parse_SyntaxErrorAfterNonAsciiText_CountsColumnsInCharacters()
    {
        var issue = Assert.Single(Invalid("{\"description\": \"héllo wörld\", \"port\": x}").Issues);

        Assert.Equal((1, 40), (issue.Line, issue.Column));
        Assert.Equal("JSON syntax error: 'x' is an invalid start of a value.", issue.Message);
    }

    [Fact]
    public void Parse_DuplicateField_IsReported()
    {
        var issue = Assert.Single(Invalid("{\n  \"computeType\": \"local\",\n  \"computeType\": \"aks\"\n}").Issues);

        Assert.Equal((3, 3), (issue.Line, issue.Column));
        Assert.Equal("duplicate field \"computeType\"; only one may be given", issue.Message);
    }

    [Fact]
    public void Parse_PortOutOfRange_SaysAllowedRange()
    {
        var issue = Assert.Single(Invalid("""{"computeType": "local", "port": 70000}""").Issues);

        Assert.Equal("port must be in [1, 65535]. Got 70000.", issue.Message);
    }

    [Fact]
    public void Parse_MissingComputeType_SaysRequiredAndAllowedValues()
    {
        var issue = Assert.Single(Invalid("""{"port": 80}""").Issues);

        Assert.Equal("computeType", issue.Field);
        Assert.Equal("computeType is required; allowed values: local, container (or aci), kubernetes (or aks).", issue.Message);
    }

    [Fact]
    public void Parse_MisspeltComputeType_SuggestsClosest()
    {
        var issue = Assert.Single(Invalid("""{"computeType": "kubernetis"}""").Issues);

        Assert.Equal("computeType \"kubernetis\" is not supported; did you mean \"kubernetes\"? allowed values: local, container (or aci), kubernetes (or aks).", issue.Message);
    }

    [Fact]
    public void Parse_ContainerDefaults_AreThePlatforms()
    {
        var spec = DeploymentConfigLoader.Parse("""{"computeType": "container", "location": "westeurope"}""", "dc.json");

        Assert.Equal(ComputeType.Container, spec.ComputeType);
        Assert.Equal(0.1, spec.Resources.Cpu);
        Assert.Equal(0.5, spec.Resources.MemoryInGB);
        Assert.False(spec.AuthEnabled);
        Assert.Equal(1, spec.NumReplicas);
        Assert.Equal("westeurope", spec.Location);
    }

    [Fact]
    public void Parse_ContainerWithZeroCpu_GivesAciSentence()
    {
        var issue = Assert.Single(Invalid("""{"computeType": "aci", "containerResourceRequirements": {"cpu": 0}}""").Issues);

        Assert.Equal("cpu_cores must be positive. Got 0.", issue.Message);
    }

    [Fact]
    public void Parse_SslEnabledWithoutFiles_RequiresCertificateKeyAndCname()
    {
        var ex = Invalid("""{"computeType": "aci", "sslEnabled": true}""");

        Assert.Equal(["cname", "sslCertificate", "sslKey"], ex.Issues.Select(i => i.Field!).Order(StringComparer.Ordinal));
        Assert.All(ex.Issues, i => Assert.EndsWith("ssl_cert_pem_file, ssl_key_pem_file and ssl_cname are all required when SSL is enabled.", i.Message));
    }

    [Fact]
    public void Parse_LocalExtensions_AreAccepted()
    {
        var json = """{"computeType": "local", "numReplicas": 2, "maxConcurrentRequestsPerContainer": 4, "maxQueueWaitMs": 50, "scoringTimeoutMs": 2000, "authEnabled": true, "containerResourceRequirements": {"memoryInGB": 1.5, "cpu": 2}}""";

        var spec = DeploymentConfigLoader.Parse(json, "dc.json");

        Assert.Equal((2, 4, 50, 2000, true), (spec.NumReplicas, spec.MaxConcurrentRequestsPerContainer, spec.MaxQueueWaitMs, spec.ScoringTimeoutMs, spec.AuthEnabled));
        Assert.Equal(1.5, spec.Resources.MemoryInGB);
        Assert.Equal(2, spec.Resources.Cpu);
    }

    [Fact]
    public void Spec_SerializedWithSystemTextJson_RoundTrips()
    {
        var spec = DeploymentConfigLoader.Parse("""{"computeType": "aks", "tags": {"a": "b"}, "namespace": "ns"}""", "dc.json");

        var copy = JsonSerializer.Deserialize<DeploymentConfigSpec>(JsonSerializer.Serialize(spec))!;

        Assert.Equal(JsonSerializer.Serialize(spec), JsonSerializer.Serialize(copy));
        Assert.Equal(spec.Autoscale, copy.Autoscale);
        Assert.Equal("b", copy.Tags["a"]);
        Assert.Contains("\"Kubernetes\"", JsonSerializer.Serialize(spec));
    }
}

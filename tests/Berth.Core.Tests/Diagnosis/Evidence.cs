using Berth.Diagnosis;
using Berth.Services;

namespace Berth.Tests.Diagnosis;

/// <summary>Builds evidence for the rule tests.</summary>
internal static class Evidence
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    public static readonly EnvironmentPackages MyEnv = new(
        "myenv", "myenv.yml", ["azureml-defaults>=1.0.45", "numpy==1.26.4", "joblib"], ["python=3.11"]);

    public static ServiceEvidence For(string log, params ReplicaEvent[] events) =>
        new("diabetes", ServiceTargetKind.Local)
        {
            ObservedAt = T0.AddMinutes(1),
            Logs = [ReplicaLog.FromText("replica-1", log)],
            ReplicaEvents = events,
            Environment = MyEnv,
        };

    public static ReplicaEvent Started(double second, string replica = "replica-1") =>
        new(replica, ReplicaEventKind.Started, T0.AddSeconds(second));

    public static ReplicaEvent Exited(double second, int code, string replica = "replica-1") =>
        new(replica, ReplicaEventKind.Exited, T0.AddSeconds(second)) { ExitCode = code };

    public static IReadOnlyList<ServiceDiagnosis> Diagnose(ServiceEvidence evidence) => DiagnosisEngine.Default.Diagnose(evidence);

    public static string[] Codes(ServiceEvidence evidence) => Diagnose(evidence).Select(d => d.Code).ToArray();

    public static ServiceDiagnosis Only(ServiceEvidence evidence, string code)
    {
        var all = Diagnose(evidence);
        Assert.True(all.Count == 1 && all[0].Code == code, $"expected only {code}, got: {string.Join(", ", all.Select(d => d.Code))}");
        return all[0];
    }
}

namespace Berth.EndToEnd.Tests.Infrastructure;

/// <summary>A folder with an entry script, inferenceconfig.json and deploymentconfig.json, as a user writes them.</summary>
internal sealed class ServiceApp
{
    private ServiceApp(string directory) => Directory = directory;

    public string Directory { get; }

    public string InferenceConfig => Path.Combine(Directory, "inferenceconfig.json");

    public string DeploymentConfig => Path.Combine(Directory, "deploymentconfig.json");

    public static ServiceApp Write(TempFolder files, string name, string script, string deploymentConfig = """{"computeType": "local"}""", string entryScript = "score.py", string? condaFile = null)
    {
        var directory = files.Combine(name);
        System.IO.Directory.CreateDirectory(directory);
        var app = new ServiceApp(directory);
        app.WriteScript(script, entryScript);
        var conda = condaFile is null ? string.Empty : ", \"condaFile\": \"myenv.yml\"";
        if (condaFile is not null)
        {
            File.WriteAllText(Path.Combine(directory, "myenv.yml"), condaFile);
        }

        File.WriteAllText(app.InferenceConfig, $$"""{"entryScript": "{{entryScript}}", "sourceDirectory": "."{{conda}}}""");
        File.WriteAllText(app.DeploymentConfig, deploymentConfig);
        return app;
    }

    public void WriteScript(string script, string entryScript = "score.py") => File.WriteAllText(Path.Combine(Directory, entryScript), script);

    public string[] DeployArguments(string service, params string[] models) =>
        ["service", "deploy", "--name", service, .. models.SelectMany(m => new[] { "--model", m }), "--ic", InferenceConfig, "--dc", DeploymentConfig];
}

namespace Berth.Scoring.Tests.Infrastructure;

/// <summary>A temporary app root with registered models in the platform's layout: azureml-models/&lt;name&gt;/&lt;version&gt;/&lt;file&gt;.</summary>
internal static class ModelTree
{
    public static string Create()
    {
        var root = Directory.CreateTempSubdirectory("berth-approot-").FullName;
        Write(root, "azureml-models/mymodel/1/model.pkl");
        Write(root, "azureml-models/mymodel/2/model.pkl");
        Write(root, "azureml-models/mymodel/10/weights/a.bin");
        Write(root, "azureml-models/two/1/a.pkl");
        Write(root, "azureml-models/two/1/b.pkl");
        File.WriteAllText(Path.Combine(root, "swagger3.json"), "{\"openapi\": \"3.0.1\", \"info\": {\"title\": \"from the app root\"}}");
        Directory.CreateDirectory(Path.Combine(root, "src"));
        File.WriteAllText(Path.Combine(root, "src", "berth_helper.py"), "VALUE = 'from the source directory'\n");
        return root;
    }

    private static void Write(string root, string relative)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "x");
    }
}

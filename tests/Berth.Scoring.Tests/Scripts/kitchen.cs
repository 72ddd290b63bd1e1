// Fixture: one Run() that does what the request's "kind" asks, to exercise the scoring contract.
using System.Threading;

public class Kitchen
{
    private string _greeting = "";

    public void Init()
    {
        Console.WriteLine("Initializing");
        _greeting = "hello";
    }

    public object? Run(JsonElement request, IReadOnlyDictionary<string, string> requestHeaders)
    {
        var kind = request.ValueKind == JsonValueKind.Object && request.TryGetProperty("kind", out var k) ? k.GetString() : null;
        switch (kind)
        {
            case null: return new Dictionary<string, object> { ["input"] = request };
            case "str": return _greeting;
            case "none": return null;
            case "raise": throw new InvalidOperationException("boom");
            case "aml_json": return new AMLResponse("test", 555, jsonStr: true);
            case "aml_raw": return new AMLResponse("test", 444, new Dictionary<string, string> { ["X-Multi"] = "a,b", ["Content-Type"] = "text/plain" });
            case "headers": return requestHeaders;
            case "sleep": Thread.Sleep(request.GetProperty("seconds").GetInt32() * 1000); return "slept";
            case "print": Console.WriteLine(request.GetProperty("marker").GetString()); return "printed";
            case "model_path": return Model.GetModelPath(request.GetProperty("name").GetString()!);
            case "model_dir": return Model.ModelDir;
            default: throw new ArgumentException($"unknown kind {kind}");
        }
    }
}

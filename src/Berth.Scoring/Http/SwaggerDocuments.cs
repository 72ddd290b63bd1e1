using System.Text.Json.Nodes;

namespace Berth.Scoring.Http;

/// <summary>
/// <c>GET /swagger.json?version=</c>: a user's swagger file in the app root wins; otherwise a document
/// is generated for the routes <c>/</c>, <c>/score</c> and <c>/swagger.json</c>.
/// </summary>
internal sealed class SwaggerDocuments
{
    private static readonly Dictionary<string, string> Versions = new(StringComparer.Ordinal)
    {
        ["2"] = "2", ["2.0"] = "2", ["3"] = "3", ["3.0"] = "3", ["3.1"] = "3.1",
    };

    private readonly string _appRoot;
    private readonly string _title;
    private readonly string _version;
    private readonly string _prefix;

    public SwaggerDocuments(string appRoot, string serviceName, string serviceVersion, string pathPrefix)
    {
        _appRoot = appRoot;
        _title = serviceName;
        _version = serviceVersion;
        _prefix = "/" + pathPrefix.Trim('/');
        if (_prefix == "/") _prefix = "";
    }

    /// <summary>The document, or null with the 404 message.</summary>
    public string? Get(string? requested, out string? error)
    {
        error = null;
        if (!Versions.TryGetValue(requested ?? "2", out var version))
        {
            error = $"Swagger version [{requested}] is not valid. Supported versions: [2, 3, 3.1].";
            return null;
        }

        foreach (var name in UserFiles(version))
        {
            var path = Path.Combine(_appRoot, name);
            if (File.Exists(path)) return File.ReadAllText(path);
        }

        return (version == "2" ? Swagger2() : OpenApi3(version == "3" ? "3.0.1" : "3.1.0")).ToJsonString();
    }

    private static string[] UserFiles(string version) => version switch
    {
        "2" => ["swagger2.json", "swagger.json"],
        "3" => ["swagger3.json"],
        _ => ["swagger3_1.json"],
    };

    private JsonObject Swagger2() => new()
    {
        ["swagger"] = "2.0",
        ["info"] = Info(),
        ["schemes"] = new JsonArray("https"),
        ["consumes"] = new JsonArray("application/json"),
        ["produces"] = new JsonArray("application/json"),
        ["securityDefinitions"] = new JsonObject
        {
            ["Bearer"] = new JsonObject { ["type"] = "apiKey", ["name"] = "Authorization", ["in"] = "header", ["description"] = "For example: Bearer abc123" },
        },
        ["paths"] = Paths(openApi3: false),
        ["definitions"] = Definitions(),
    };

    private JsonObject OpenApi3(string version) => new()
    {
        ["openapi"] = version,
        ["info"] = Info(),
        ["paths"] = Paths(openApi3: true),
        ["components"] = new JsonObject
        {
            ["securitySchemes"] = new JsonObject
            {
                ["Bearer"] = new JsonObject { ["type"] = "apiKey", ["name"] = "Authorization", ["in"] = "header", ["description"] = "For example: Bearer abc123" },
            },
            ["schemas"] = Definitions(),
        },
    };

    private JsonObject Info() => new()
    {
        ["title"] = _title,
        ["description"] = $"API specification for the Azure Machine Learning service {_title}",
        ["version"] = _version,
    };

    private JsonObject Paths(bool openApi3)
    {
        string Ref(string name) => openApi3 ? $"#/components/schemas/{name}" : $"#/definitions/{name}";
        JsonObject Response(string description, string schema) => openApi3
            ? new JsonObject { ["description"] = description, ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = new JsonObject { ["$ref"] = Ref(schema) } } } }
            : new JsonObject { ["description"] = description, ["schema"] = new JsonObject { ["$ref"] = Ref(schema) } };
        var score = new JsonObject
        {
            ["operationId"] = "RunMLService",
            ["description"] = "Run web service's model and get the prediction output",
            ["security"] = new JsonArray(new JsonObject { ["Bearer"] = new JsonArray() }),
            ["responses"] = new JsonObject
            {
                ["200"] = Response("Success", "ServiceOutput"),
                ["default"] = Response("The service failed to execute due to an error.", "ErrorResponse"),
            },
        };
        var health = new JsonObject
        {
            ["operationId"] = "ServiceHealthCheck",
            ["description"] = "Simple health check endpoint to ensure the service is up at any given point.",
            ["responses"] = new JsonObject { ["200"] = new JsonObject { ["description"] = "If service is up and running, this response will be returned with the content 'Healthy'" } },
        };
        return new JsonObject
        {
            [_prefix + "/"] = new JsonObject { ["get"] = health },
            [_prefix + "/score"] = new JsonObject { ["post"] = score },
        };
    }

    private static JsonObject Definitions() => new()
    {
        ["ServiceInput"] = new JsonObject { ["type"] = "object" },
        ["ServiceOutput"] = new JsonObject { ["type"] = "object" },
        ["ErrorResponse"] = new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { ["message"] = new JsonObject { ["type"] = "string" } } },
    };
}

using System.Text.Json.Nodes;

namespace Berth.Scoring.Http;

/// <summary>
/// <c>GET /swagger.json?version=</c>: a user's swagger file in the app root wins (version 2: <c>swagger.json</c>, then
/// <c>swagger2.json</c>; 3: <c>swagger3.json</c>; 3.1: <c>swagger3.1.json</c>, the platform's names and order); otherwise
/// a document is generated for <c>/</c> and <c>/score</c>, whose <c>ServiceInput</c> and <c>ServiceOutput</c> are the
/// schemas of an inference-schema decorated run() (with the samples as examples), or empty objects for a plain run().
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

    /// <summary>The document, or null with the 404 message; <paramref name="schema"/> is the host's <c>{"input", "output"}</c> JSON, or null.</summary>
    public string? Get(string? requested, string? schema, out string? error)
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

        var (input, output) = Schemas(schema);
        return (version == "2" ? Swagger2(input, output) : OpenApi3(version == "3" ? "3.0.1" : "3.1.0", input, output)).ToJsonString();
    }

    private static string[] UserFiles(string version) => version switch
    {
        "2" => ["swagger.json", "swagger2.json"],
        "3" => ["swagger3.json"],
        _ => ["swagger3.1.json"],
    };

    /// <summary>A plain run() takes and gives any object: <c>{"type": "object", "example": {}}</c>, as the platform's server says.</summary>
    private static (JsonNode Input, JsonNode Output) Schemas(string? schema)
    {
        static JsonNode Empty() => new JsonObject { ["type"] = "object", ["example"] = new JsonObject() };
        var parsed = schema is null ? null : JsonNode.Parse(schema) as JsonObject;
        return (parsed?["input"]?.DeepClone() ?? Empty(), parsed?["output"]?.DeepClone() ?? Empty());
    }

    private JsonObject Swagger2(JsonNode input, JsonNode output) => new()
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
        ["definitions"] = Definitions(input, output),
    };

    private JsonObject OpenApi3(string version, JsonNode input, JsonNode output) => new()
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
            ["schemas"] = Definitions(input, output),
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
        };
        const string PayloadDescription = "The input payload for executing the real-time machine learning service.";
        if (openApi3)
        {
            score["requestBody"] = new JsonObject
            {
                ["description"] = PayloadDescription,
                ["content"] = new JsonObject { ["application/json"] = new JsonObject { ["schema"] = new JsonObject { ["$ref"] = Ref("ServiceInput") } } },
            };
        }
        else
        {
            score["parameters"] = new JsonArray(new JsonObject
            {
                ["name"] = "serviceInputPayload", ["in"] = "body", ["description"] = PayloadDescription,
                ["schema"] = new JsonObject { ["$ref"] = Ref("ServiceInput") },
            });
        }

        score["responses"] = new JsonObject
        {
            ["200"] = Response("The service processed the input correctly and provided a result prediction, if applicable.", "ServiceOutput"),
            ["default"] = Response("The service failed to execute due to an error.", "ErrorResponse"),
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

    private static JsonObject Definitions(JsonNode input, JsonNode output) => new()
    {
        ["ServiceInput"] = input,
        ["ServiceOutput"] = output,
        ["ErrorResponse"] = new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { ["message"] = new JsonObject { ["type"] = "string" } } },
    };
}

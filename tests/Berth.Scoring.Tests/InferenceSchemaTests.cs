using System.Net;
using System.Text;
using Berth.Scoring.Tests.Infrastructure;

namespace Berth.Scoring.Tests;

/// <summary>
/// run() decorated with inference-schema (Berth's own inference_schema, as no real one is installed here): the JSON body's
/// keys bound to run()'s parameters with the declared types, the platform's client errors, and the swagger from the samples.
/// </summary>
public sealed class InferenceSchemaTests
{
    [Fact]
    public async Task NumpyAndStandardParameters_AreBoundByName_Converted_AndDefaulted()
    {
        PythonRequirement.Ensure();
        await using var server = await ScoringServer.StartAsync(Paths.Script("schema_numpy.py"));
        server.RequireListening();

        using var defaulted = await server.Client.PostAsync("/score", """{"data": [[1, 2, 3], [4, 5, 6]], "unknown": "ignored"}""");
        var json = await defaulted.JsonAsync();
        Assert.True(defaulted.StatusCode == HttpStatusCode.OK, json.ToString());
        Assert.Equal("ndarray", json.GetProperty("kind").GetString());
        Assert.Equal("float64", json.GetProperty("dtype").GetString());
        Assert.Equal("[2,3]", json.GetProperty("shape").Compact());
        Assert.Equal(1.0, json.GetProperty("scale").GetDouble());
        Assert.Equal("[6.0,15.0]", json.GetProperty("sums").Compact());

        using var scaled = await server.Client.PostAsync("/score", """{"data": [[1, 2, 3]], "scale": 3}""");
        var scaledJson = await scaled.JsonAsync();
        Assert.Equal("float", scaledJson.GetProperty("scale_type").GetString()); // the int 3 converted to the sample's float
        Assert.Equal("[18.0]", scaledJson.GetProperty("sums").Compact());

        using var viaGet = await server.Client.GetWithTimeoutAsync("/score?data=[[1,1,1]]&scale=2");
        Assert.Equal("[6.0]", (await viaGet.JsonAsync()).GetProperty("sums").Compact());
        await server.WaitForLineAsync(l => l.Contains("run() is decorated with @input_schema. Server will invoke it with the following arguments: data, scale.", StringComparison.Ordinal), HttpTest.Timeout);
    }

    [Theory]
    [InlineData("""{"scale": 2}""", "application/json", 400, "A value is not provided for the 'data' parameter.")]
    [InlineData("""{"data": [[1, 2, 3]]}""", "text/plain", 415, "Expects Content-Type to be application/json")]
    [InlineData("", "application/json", 400, "POST body is empty. Expecting a JSON dictionary.")]
    [InlineData("[1, 2]", "application/json", 400, "POST body should be a JSON dictionary.")]
    [InlineData("{\"data\": [", "application/json", 400, "POST body could not be decoded as JSON: ")]
    public async Task RequestsThatDoNotFitTheParameters_GetThePlatformsClientErrors(string body, string contentType, int status, string message)
    {
        PythonRequirement.Ensure();
        await using var server = await ScoringServer.StartAsync(Paths.Script("schema_numpy.py"));
        server.RequireListening();

        using var response = await server.Client.PostAsync("/score", body, contentType);

        Assert.Equal(status, (int)response.StatusCode);
        Assert.StartsWith(message, await response.MessageAsync(), StringComparison.Ordinal);
        Assert.Equal("False", response.Header("x-ms-run-function-failed"));
    }

    [Fact]
    public async Task PandasParameter_BecomesADataFrameWithTheSamplesColumnsAndTypes()
    {
        PythonRequirement.Ensure();
        PythonRequirement.EnsureModule("pandas");
        await using var server = await ScoringServer.StartAsync(Paths.Script("schema_pandas.py"));
        server.RequireListening();

        using var response = await server.Client.PostAsync("/score", """{"frame": [{"city": "Praha", "income": 1000, "age": 12}, {"city": "Wien", "income": 10.5, "age": 7}], "threshold": 10}""");

        var json = await response.JsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, json.ToString());
        Assert.Equal("DataFrame", json.GetProperty("kind").GetString());
        Assert.Equal("""["age","income","city"]""", json.GetProperty("columns").Compact());
        Assert.Equal("""["int64","float64","object"]""", json.GetProperty("dtypes").Compact());
        Assert.Equal("[true,false]", json.GetProperty("over").Compact());
    }

    [Fact]
    public async Task Swagger_IsGeneratedFromTheDecoratorsSamples_ForVersion2And3()
    {
        PythonRequirement.Ensure();
        await using var server = await ScoringServer.StartAsync(Paths.Script("schema_numpy.py"));
        server.RequireListening();

        using var v2 = await server.Client.GetWithTimeoutAsync("/swagger.json");
        var doc = await v2.JsonAsync();
        var input = doc.GetProperty("definitions").GetProperty("ServiceInput");
        Assert.Equal("numpy.ndarray", input.GetProperty("properties").GetProperty("data").GetProperty("format").GetString());
        Assert.Equal("[[1.0,2.0,3.0]]", input.GetProperty("example").GetProperty("data").Compact());
        Assert.Equal(2.0, input.GetProperty("example").GetProperty("scale").GetDouble());
        Assert.Equal("number", input.GetProperty("properties").GetProperty("scale").GetProperty("type").GetString());
        Assert.Equal("""{"kind":"ndarray","sums":[6.0]}""", doc.GetProperty("definitions").GetProperty("ServiceOutput").GetProperty("example").Compact());
        var body = doc.GetProperty("paths").GetProperty("/score").GetProperty("post").GetProperty("parameters")[0];
        Assert.Equal(("serviceInputPayload", "body", "#/definitions/ServiceInput"), (body.GetProperty("name").GetString(), body.GetProperty("in").GetString(), body.GetProperty("schema").GetProperty("$ref").GetString()));

        using var v3 = await server.Client.GetWithTimeoutAsync("/swagger.json?version=3");
        var doc3 = await v3.JsonAsync();
        Assert.Equal("numpy.ndarray", doc3.GetProperty("components").GetProperty("schemas").GetProperty("ServiceInput").GetProperty("properties").GetProperty("data").GetProperty("format").GetString());
        Assert.Equal("#/components/schemas/ServiceInput", doc3.GetProperty("paths").GetProperty("/score").GetProperty("post").GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString());
    }

    [Fact]
    public async Task UsersSwaggerJson_InTheAppRoot_WinsOverTheGeneratedOne()
    {
        PythonRequirement.Ensure();
        var script = TempScript.Write("score.py", File.ReadAllText(Paths.Script("schema_numpy.py")));
        var root = Path.GetDirectoryName(script)!;
        File.WriteAllText(Path.Combine(root, "swagger.json"), """{"swagger": "2.0", "info": {"title": "mine"}}""");
        File.WriteAllText(Path.Combine(root, "swagger2.json"), """{"swagger": "2.0", "info": {"title": "second"}}""");
        await using var server = await ScoringServer.StartAsync(script, new Dictionary<string, string> { ["AML_APP_ROOT"] = root });
        server.RequireListening();

        using var v2 = await server.Client.GetWithTimeoutAsync("/swagger.json?version=2");

        Assert.Equal("mine", (await v2.JsonAsync()).GetProperty("info").GetProperty("title").GetString());
    }

    [Fact]
    public async Task UndecoratedRun_HasEmptyObjectSchemas()
    {
        PythonRequirement.Ensure();
        await using var server = await ScoringServer.StartAsync(Paths.Script("echo.py"));
        server.RequireListening();

        using var v2 = await server.Client.GetWithTimeoutAsync("/swagger.json");

        var input = (await v2.JsonAsync()).GetProperty("definitions").GetProperty("ServiceInput");
        Assert.Equal("""{"type":"object","example":{}}""", input.Compact());
    }

    [Fact]
    public async Task RawHttpRequest_BehavesLikeTheFlaskRequest_HeadersArgsFormAndFiles()
    {
        PythonRequirement.Ensure();
        await using var server = await ScoringServer.StartAsync(Paths.Script("flask_request.py"));
        var address = server.RequireListening();
        const string Body = "--b0\r\nContent-Disposition: form-data; name=\"field\"\r\n\r\nalpha\r\n"
            + "--b0\r\nContent-Disposition: form-data; name=\"field\"\r\n\r\nbeta\r\n"
            + "--b0\r\nContent-Disposition: form-data; name=\"upload\"; filename=\"data.csv\"\r\nContent-Type: text/csv\r\n\r\na,b\n1,2\n\r\n--b0--\r\n";

        // A raw request: HttpClient would join the two X-Tag lines into one.
        var (status, text) = await RawPostAsync(address, "/score?k=1&k=2&n=7", ["X-Tag: one", "x-tag: two", "Content-Type: multipart/form-data; boundary=b0"], Body);

        Assert.True(status == 200, text);
        var json = System.Text.Json.JsonDocument.Parse(text).RootElement;
        Assert.Equal(("POST", "/score", "/score?k=1&k=2&n=7"), (json.GetProperty("method").GetString(), json.GetProperty("path").GetString(), json.GetProperty("full_path").GetString()));
        Assert.Equal("multipart/form-data", json.GetProperty("mimetype").GetString());
        Assert.Equal("one", json.GetProperty("x_tag_lower").GetString());
        Assert.Equal("""["one","two"]""", json.GetProperty("x_tag_all").Compact());
        Assert.Equal(2, json.GetProperty("header_pairs").GetInt32());
        Assert.True(json.GetProperty("has_header").GetBoolean());
        Assert.Equal(("1", "[\"1\",\"2\"]", 7), (json.GetProperty("args_first").GetString(), json.GetProperty("args_all").Compact(), json.GetProperty("args_int").GetInt32()));
        Assert.Equal("""{"field":["alpha","beta"]}""", json.GetProperty("form").Compact());
        var upload = json.GetProperty("files").GetProperty("upload");
        Assert.Equal(("data.csv", "text/csv", "a,b\n1,2\n"), (upload.GetProperty("filename").GetString(), upload.GetProperty("content_type").GetString(), upload.GetProperty("text").GetString()));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, json.GetProperty("json").ValueKind);
    }

    private static async Task<(int Status, string Body)> RawPostAsync(Uri address, string target, string[] headers, string body)
    {
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(address.Host, address.Port).WaitAsync(HttpTest.Timeout);
        var stream = client.GetStream();
        var bytes = Encoding.UTF8.GetBytes(body);
        var head = $"POST {target} HTTP/1.1\r\nHost: {address.Authority}\r\nConnection: close\r\n{string.Join("\r\n", headers)}\r\nContent-Length: {bytes.Length}\r\n\r\n";
        await stream.WriteAsync(Encoding.UTF8.GetBytes(head).Concat(bytes).ToArray()).AsTask().WaitAsync(HttpTest.Timeout);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var response = await reader.ReadToEndAsync().WaitAsync(HttpTest.Timeout);
        var status = int.Parse(response.Split(' ', 3)[1], System.Globalization.CultureInfo.InvariantCulture);
        var start = response.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4;
        var rest = response[start..];
        // The replica answers with chunked encoding or a length; a JSON object is all the tests read.
        var open = rest.IndexOf('{', StringComparison.Ordinal);
        var close = rest.LastIndexOf('}');
        return (status, open >= 0 && close > open ? rest[open..(close + 1)] : rest);
    }

    [Fact]
    public async Task RawHttpRequest_GetJson_ReadsAJsonBody()
    {
        PythonRequirement.Ensure();
        await using var server = await ScoringServer.StartAsync(Paths.Script("flask_request.py"));
        server.RequireListening();

        using var response = await server.Client.PostAsync("/score?k=a", """{"x": [1, 2]}""");

        var json = await response.JsonAsync();
        Assert.Equal("""{"x":[1,2]}""", json.GetProperty("json").Compact());
        Assert.Equal("application/json", json.GetProperty("mimetype").GetString());
    }

}

/// <summary>JSON as compact text, whatever spacing Python's json.dumps used.</summary>
internal static class JsonCompact
{
    public static string Compact(this System.Text.Json.JsonElement element) => System.Text.Json.JsonSerializer.Serialize(element);
}

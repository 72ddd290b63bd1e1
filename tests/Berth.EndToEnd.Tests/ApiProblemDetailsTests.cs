using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Berth.EndToEnd.Tests.Infrastructure;

namespace Berth.EndToEnd.Tests;

/// <summary>The REST API's errors are RFC 9457 problem details with a stable code, a hint and a trace id.</summary>
public sealed class ApiProblemDetailsTests : IAsyncLifetime
{
    private readonly CliSession _session = new();
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        await _session.InitializeAsync();
        _http = _session.Server.CreateClient();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _session.DisposeAsync();
    }

    [Fact]
    public async Task Health_ReportsProductWorkspaceAndAddress()
    {
        using var json = JsonDocument.Parse(await _http.GetStringAsync("api/v1/health"));

        Assert.Equal("berth-server", json.RootElement.GetProperty("product").GetString());
        Assert.Equal(_session.Home.Path, json.RootElement.GetProperty("workspace").GetString());
        Assert.Equal(_session.Server.Url, json.RootElement.GetProperty("url").GetString());
    }

    [Fact]
    public async Task RegisterModel_WithInvalidName_Is400ProblemWithCodeDetailHintAndTraceId()
    {
        var file = _session.Files.WriteFile("m.bin", "x");

        using var response = await _http.PostAsJsonAsync("api/v1/models", new { name = "bad name", path = file });
        var problem = await ProblemAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.Equal("model.name_invalid", problem.GetProperty("code").GetString());
        Assert.StartsWith("model name \"bad name\" is not valid", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("choose another --name", problem.GetProperty("hint").GetString());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("traceId").GetString()));
    }

    [Fact]
    public async Task GetModel_ThatDoesNotExist_Is404ModelNotFound()
    {
        using var response = await _http.GetAsync("api/v1/models/nothing/versions/3");
        var problem = await ProblemAsync(response);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("model.not_found", problem.GetProperty("code").GetString());
        Assert.Equal("no model named \"nothing\" is registered", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task RegisterModel_WithMalformedJson_Is400NamingLineAndColumn()
    {
        using var body = new StringContent("{\n  \"name\": \"m\",\n  \"path\": }", Encoding.UTF8, "application/json");

        using var response = await _http.PostAsync("api/v1/models", body);
        var problem = await ProblemAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("request.invalid", problem.GetProperty("code").GetString());
        Assert.Contains("at line 3, column 11", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownRoute_Is404Problem()
    {
        using var response = await _http.GetAsync("api/v1/nothing-here");
        var problem = await ProblemAsync(response);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("no such API route", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task ModelFileContent_ForAPathNotInTheVersion_Is404AndServesNothingElse()
    {
        var file = _session.Files.WriteFile("m.bin", "x");
        await _session.BerthAsync("model", "register", "--name", "m", "--path", file);

        using var response = await _http.GetAsync("api/v1/models/m/versions/1/content?path=../../../berth.db");
        var problem = await ProblemAsync(response);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("file.not_found", problem.GetProperty("code").GetString());
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(text);
        return json.RootElement.Clone();
    }
}

using System.Formats.Tar;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Berth.EndToEnd.Tests.Infrastructure;

namespace Berth.EndToEnd.Tests.Uploads;

/// <summary>
/// <c>POST /api/v1/uploads</c> takes a tar archive and refuses, naming the entry, anything that could write or lead
/// outside it or is not a file, folder or inward link; a refused upload leaves nothing behind. An upload registers a
/// model once.
/// </summary>
public sealed class UploadSafetyTests : IAsyncLifetime
{
    private readonly CliSession _session = new(new Dictionary<string, string> { ["BERTH_UPLOAD_MAX_BYTES"] = "65536" });
    private HttpClient _http = null!;
    private IReadOnlyList<string> _before = [];

    public async Task InitializeAsync()
    {
        await _session.InitializeAsync();
        _http = _session.Server.CreateApiClient();
        _before = _session.WorkspaceEntries();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _session.DisposeAsync();
    }

    [Theory]
    [InlineData("dot-dot", "contains \"..\"")]
    [InlineData("absolute", "has an absolute path")]
    [InlineData("link-to-absolute", "may lead outside the upload")]
    [InlineData("link-up", "may lead outside the upload")]
    [InlineData("through-link", "lies under a symbolic link")]
    [InlineData("hard-link", "is a hard link")]
    [InlineData("device", "is a character device")]
    [InlineData("fifo", "is a FIFO (named pipe)")]
    [InlineData("twice", "appears twice")]
    public async Task Upload_WithAHostileEntry_IsRefusedNamingItAndWritesNothing(string kind, string expected)
    {
        var escaped = _session.Files.Combine("escaped.txt");
        var tar = Hostile(new TestTar().File("model/ok.bin", "fine"), kind, escaped);

        using var response = await _http.PostAsync("api/v1/uploads", tar.ToContent());
        var problem = await ProblemAsync(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("upload.invalid", problem.GetProperty("code").GetString());
        Assert.Contains(expected, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.False(File.Exists(escaped), "nothing may be written outside the upload");
        Assert.Equal(_before, _session.WorkspaceEntries());
    }

    [Fact]
    public async Task Upload_LargerThanTheServersLimit_Is413AndWritesNothing()
    {
        var tar = new TestTar().File("model/big.bin", new string('x', 100_000));

        using var response = await _http.PostAsync("api/v1/uploads", tar.ToContent());
        var problem = await ProblemAsync(response);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("upload.too_large", problem.GetProperty("code").GetString());
        Assert.Contains("--server-side-path", problem.GetProperty("hint").GetString(), StringComparison.Ordinal);
        Assert.Equal(_before, _session.WorkspaceEntries());
    }

    [Fact]
    public async Task Upload_ThatIsNotATarOrNotSentAsOne_IsRefused()
    {
        using var json = await _http.PostAsJsonAsync("api/v1/uploads", new { files = "x" });
        using var notTar = new ByteArrayContent(System.Text.Encoding.ASCII.GetBytes(new string('z', 2048)));
        notTar.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-tar");
        using var corrupt = await _http.PostAsync("api/v1/uploads", notTar);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, json.StatusCode);
        Assert.Equal("upload.content_type", (await ProblemAsync(json)).GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, corrupt.StatusCode);
        Assert.Equal("upload.invalid", (await ProblemAsync(corrupt)).GetProperty("code").GetString());
        Assert.Equal(_before, _session.WorkspaceEntries());
    }

    [Fact]
    public async Task Upload_ThenRegister_StoresTheModelWithInwardLinksCopied_AndTheUploadIsUsedOnce()
    {
        var tar = new TestTar().Folder("model/").File("model/w.bin", "weights").File("model/sub/x.txt", "x").Link(TarEntryType.SymbolicLink, "model/alias.bin", "w.bin");

        using var uploaded = await _http.PostAsync("api/v1/uploads", tar.ToContent());
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        using var upload = JsonDocument.Parse(await uploaded.Content.ReadAsStringAsync());
        var id = upload.RootElement.GetProperty("uploadId").GetString();
        using var registered = await _http.PostAsJsonAsync("api/v1/models", new { name = "up", uploadId = id });
        using var again = await _http.PostAsJsonAsync("api/v1/models", new { name = "up", uploadId = id });
        using var model = JsonDocument.Parse(await registered.Content.ReadAsStringAsync());

        Assert.Equal(2, upload.RootElement.GetProperty("fileCount").GetInt32());
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        Assert.Equal(["model/alias.bin", "model/sub/x.txt", "model/w.bin"], model.RootElement.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("path").GetString()).Order(StringComparer.Ordinal));
        var alias = _session.Home.Combine("models", "up", "1", "model", "alias.bin");
        Assert.Null(new FileInfo(alias).LinkTarget);
        Assert.Equal("weights", File.ReadAllText(alias));
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal("upload.not_found", (await ProblemAsync(again)).GetProperty("code").GetString());
        Assert.Empty(Directory.EnumerateFileSystemEntries(_session.Home.Combine("tmp"), "upload-*"));
    }

    private static TestTar Hostile(TestTar tar, string kind, string escaped)
    {
        var up = string.Concat(Enumerable.Repeat("../", 16));
        return kind switch
        {
            "dot-dot" => tar.File(up + escaped.TrimStart('/'), "x"),
            "absolute" => tar.File(escaped, "x"),
            "link-to-absolute" => tar.Link(TarEntryType.SymbolicLink, "model/out", Path.GetDirectoryName(escaped)!).File("model/out/escaped.txt", "x"),
            "link-up" => tar.Link(TarEntryType.SymbolicLink, "model/up", up + Path.GetDirectoryName(escaped)!.TrimStart('/')).File("model/up/escaped.txt", "x"),
            "through-link" => tar.Folder("model/sub/").Link(TarEntryType.SymbolicLink, "model/d", "sub").File("model/d/x.bin", "x"),
            "hard-link" => tar.Link(TarEntryType.HardLink, "model/h", "/etc/shadow"),
            "device" => tar.Special(TarEntryType.CharacterDevice, "model/zero"),
            "fifo" => tar.Special(TarEntryType.Fifo, "model/pipe"),
            "twice" => tar.File("model/ok.bin", "again"),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }
}

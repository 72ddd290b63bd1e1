using Berth.EndToEnd.Tests.Infrastructure;

namespace Berth.EndToEnd.Tests.Security;

/// <summary>
/// The workspace is its owner's only, like Docker's socket: the folder 0700, the database, the token and the router's
/// key files 0600, tightened on start when an older Berth (or a user) left them open; another local user can read
/// none of it and is refused by the API.
/// </summary>
public sealed class WorkspacePermissionTests
{
    private const UnixFileMode OwnerFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerFolder = OwnerFile | UnixFileMode.UserExecute;
    private const UnixFileMode Loose = UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    [Fact]
    public async Task NewWorkspace_IsCreated0700_WithDatabaseTokenAndAdminToken0600()
    {
        using var parent = new TempFolder("berth-parent");
        var home = Path.Combine(parent.Path, "workspace");
        using var server = await BerthServer.StartAsync(home);
        try
        {
            using var http = server.CreateClient();
            using var register = await http.PostAsync("api/v1/models", JsonBody($$"""{"name": "m", "path": "{{parent.WriteFile("m.bin", "w")}}"}"""));
            Assert.True(register.IsSuccessStatusCode, await register.Content.ReadAsStringAsync());

            Assert.Equal(OwnerFolder, File.GetUnixFileMode(home));
            foreach (var file in new[] { "berth.db", "token", "server.json", Path.Combine("router", "admin-token") })
            {
                Assert.True(OwnerFile == File.GetUnixFileMode(Path.Combine(home, file)), $"{file} is {File.GetUnixFileMode(Path.Combine(home, file))}");
            }

            Assert.True(File.Exists(Path.Combine(home, "berth.db-wal")), "the database runs in WAL mode; its -wal file holds the latest writes");
            foreach (var file in new[] { "berth.db-wal", "berth.db-shm" }.Where(f => File.Exists(Path.Combine(home, f))))
            {
                Assert.Equal(OwnerFile, File.GetUnixFileMode(Path.Combine(home, file)));
            }

            Assert.Equal(OwnerFolder, File.GetUnixFileMode(Path.Combine(home, "router")));
        }
        finally
        {
            DetachedProcesses.KillUnder(home);
        }
    }

    [Fact]
    public async Task ExistingLooseWorkspace_IsTightenedOnStart()
    {
        using var session = new CliSession();
        await session.InitializeAsync();
        await session.BerthAsync("model", "register", "--name", "m", "--path", session.Files.WriteFile("m.bin", "w"));
        session.Server.Kill();
        var home = session.Home.Path;
        var files = new[] { "berth.db", "token", Path.Combine("router", "admin-token") }
            .Concat(new[] { "berth.db-wal", "berth.db-shm" }.Where(f => File.Exists(Path.Combine(home, f))))
            .ToList();
        File.SetUnixFileMode(home, OwnerFolder | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        File.SetUnixFileMode(Path.Combine(home, "router"), OwnerFolder | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        foreach (var file in files)
        {
            File.SetUnixFileMode(Path.Combine(home, file), OwnerFile | Loose);
        }

        await session.RestartServerAsync();

        Assert.Equal(OwnerFolder, File.GetUnixFileMode(home));
        Assert.Equal(OwnerFolder, File.GetUnixFileMode(Path.Combine(home, "router")));
        foreach (var file in files)
        {
            Assert.True(OwnerFile == File.GetUnixFileMode(Path.Combine(home, file)), $"{file} is still {File.GetUnixFileMode(Path.Combine(home, file))}");
        }

        Assert.Equal(0, (await session.BerthAsync("model", "show", "m:1")).ExitCode);
    }

    [Fact]
    public async Task AnotherLocalUser_CannotReadTheTokenOrTheDatabase_AndTheApiRefusesThem()
    {
        using var session = new CliSession();
        await session.InitializeAsync();
        var url = session.Server.Url;

        var token = await OtherUser.RunAsync("cat", session.Server.TokenPath);
        var database = await OtherUser.RunAsync("cat", Path.Combine(session.Home.Path, "berth.db"));
        var services = await OtherUser.CurlStatusAsync($"{url}/api/v1/services");
        var register = await OtherUser.CurlStatusAsync("-X", "POST", "-H", "Content-Type: application/json", "-d", """{"name": "x", "path": "/etc/shadow"}""", $"{url}/api/v1/models");

        Assert.NotEqual(0, token.ExitCode);
        Assert.Contains("Permission denied", token.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain(session.Server.Token, token.StandardOutput, StringComparison.Ordinal);
        Assert.NotEqual(0, database.ExitCode);
        Assert.Equal(401, services);
        Assert.Equal(401, register);
        Assert.Equal("[]", (await session.BerthAsync("model", "list", "-o", "json")).StandardOutput.Trim());
    }

    private static StringContent JsonBody(string json) => new(json, System.Text.Encoding.UTF8, "application/json");
}

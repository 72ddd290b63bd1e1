using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Berth.EndToEnd.Tests.Infrastructure;

namespace Berth.EndToEnd.Tests.Security;

/// <summary>
/// Listening beyond this machine: refused without TLS (error and hint, nothing bound); with a PEM certificate and
/// key it serves https, still needs the token, and says loudly on stderr who can reach it.
/// </summary>
public sealed class ListenBeyondLoopbackTests
{
    [Theory]
    [InlineData("http://0.0.0.0:0")]
    [InlineData("http://[::]:0")]
    public async Task NonLoopbackUrl_WithoutTls_IsRefusedWithErrorAndHint(string url)
    {
        using var home = new TempFolder("berth-home");
        var env = new Dictionary<string, string> { ["BERTH_HOME"] = home.Path, ["NO_COLOR"] = "1" };

        var result = await ProcessRunner.RunAsync(Binaries.Cli, ["server", "--url", url], env, TimeSpan.FromSeconds(60));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("error: refusing to listen on ", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("beyond this machine, without TLS", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("hint: listen on 127.0.0.1 (the default), or pass --tls-cert FILE --tls-key FILE", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.StandardError, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(home.Path, "server.json")), "a refused server must not have started");
    }

    [Fact]
    public async Task NonLoopbackUrl_WithTls_ServesHttpsWithTheToken_AndWarnsOnStderr()
    {
        using var home = new TempFolder("berth-home");
        using var files = new TempFolder("berth-tls");
        using var certificate = SelfSigned(files.Combine("cert.pem"), files.Combine("key.pem"));
        using var server = await BerthServer.StartAsync(home.Path, null, ["--url", "https://0.0.0.0:0", "--tls-cert", files.Combine("cert.pem"), "--tls-key", files.Combine("key.pem")]);
        var local = new UriBuilder(server.Url) { Host = "127.0.0.1" }.Uri;
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, presented, _, _) => presented?.Thumbprint == certificate.Thumbprint };
        using var http = new HttpClient(handler) { BaseAddress = local, Timeout = TimeSpan.FromSeconds(30) };

        using var anonymous = await http.GetAsync("api/v1/health");
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/health");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", server.Token);
        using var authenticated = await http.SendAsync(request);
        var warning = await WaitForAsync(() => server.StandardError.Split('\n').FirstOrDefault(l => l.StartsWith("warning: ", StringComparison.Ordinal)));

        Assert.StartsWith("https://", server.Url, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, authenticated.StatusCode);
        Assert.Contains("beyond this machine", warning, StringComparison.Ordinal);
        Assert.Contains(server.TokenPath, warning, StringComparison.Ordinal);
        Assert.DoesNotContain(server.Token, warning, StringComparison.Ordinal);
    }

    private static X509Certificate2 SelfSigned(string certificatePath, string keyPath)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return certificate;
    }

    private static async Task<string> WaitForAsync(Func<string?> probe)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (probe() is { } value)
            {
                return value;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("the server wrote no warning line on stderr within 30 s");
    }
}

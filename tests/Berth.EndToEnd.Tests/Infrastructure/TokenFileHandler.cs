using System.Net.Http.Headers;

namespace Berth.EndToEnd.Tests.Infrastructure;

/// <summary>Sends the workspace token read from <paramref name="tokenPath"/> on every request (the file may appear only once the server has started).</summary>
internal sealed class TokenFileHandler(string tokenPath) : DelegatingHandler(new HttpClientHandler())
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (File.Exists(tokenPath))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", File.ReadAllText(tokenPath).Trim());
        }

        return base.SendAsync(request, cancellationToken);
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using Berth.Errors;

namespace Berth.Client;

/// <summary>
/// JSON over HTTP to the control plane with the workspace token on every request; problem details become
/// <see cref="BerthApiException"/>, and a refused token says where it came from and what to do.
/// </summary>
internal sealed class BerthHttp(HttpClient client, ControlPlaneCredential credential)
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Uri BaseAddress => client.BaseAddress!;

    public Task<T> GetAsync<T>(string path, CancellationToken cancellationToken) =>
        SendAsync<T>(new HttpRequestMessage(HttpMethod.Get, path), cancellationToken);

    public Task<T> PostAsync<T>(string path, object body, CancellationToken cancellationToken) =>
        SendAsync<T>(new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, body.GetType(), options: Json) }, cancellationToken);

    /// <summary>POSTs a streamed body (a tar archive); a failure reading the files while sending surfaces as itself.</summary>
    public async Task<T> PostStreamAsync<T>(string path, HttpContent content, CancellationToken cancellationToken)
    {
        try
        {
            return await SendAsync<T>(new HttpRequestMessage(HttpMethod.Post, path) { Content = content }, cancellationToken);
        }
        catch (HttpRequestException e) when (e.InnerException is BerthException inner)
        {
            ExceptionDispatchInfo.Throw(inner);
            throw;
        }
    }

    public async Task DeleteAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await SendRawAsync(new HttpRequestMessage(HttpMethod.Delete, path), cancellationToken);
    }

    /// <summary>Sends and returns the response after checking its status; the caller disposes it.</summary>
    public async Task<HttpResponseMessage> SendRawAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        if (credential.Token() is { } token)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        try
        {
            response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException e) when (e.InnerException is SocketException || e.HttpRequestError == HttpRequestError.ConnectionError)
        {
            throw new BerthException(
                ErrorCodes.ServerUnreachable,
                $"no Berth server answers at {client.BaseAddress}",
                "start one with `berth server`, or set BERTH_URL to the address of a running server",
                isTransient: true,
                inner: e);
        }

        if (!response.IsSuccessStatusCode)
        {
            using (response)
            {
                throw await ToExceptionAsync(response, cancellationToken);
            }
        }

        return response;
    }

    private async Task<T> SendAsync<T>(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using (request)
        using (var response = await SendRawAsync(request, cancellationToken))
        {
            return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken)
                ?? throw new BerthException(ErrorCodes.Internal, $"the server sent an empty answer to {request.Method} {request.RequestUri}");
        }
    }

    private async Task<BerthApiException> ToExceptionAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            var problem = JsonSerializer.Deserialize<ProblemBody>(text, Json);
            if (problem?.Code is not null && status == (int)HttpStatusCode.Unauthorized)
            {
                return Refused(problem);
            }

            if (problem?.Code is not null)
            {
                return new BerthApiException(status, problem.Code, problem.Detail ?? problem.Title ?? "the server refused the request", problem.Hint, problem.TraceId, problem.Issues ?? [], problem.IsTransient ?? ErrorCatalog.Describe(problem.Code).IsTransient);
            }
        }
        catch (JsonException)
        {
            // Not a problem details body: report the status and text below.
        }

        var reason = response.StatusCode == HttpStatusCode.NotFound ? "route not found; is the server at this address a Berth server?" : text;
        return new BerthApiException(status, ErrorCodes.Internal, $"the server answered {status}: {reason}", null, null, []);
    }

    private BerthApiException Refused(ProblemBody problem)
    {
        credential.Forget();
        return new BerthApiException(
            (int)HttpStatusCode.Unauthorized,
            problem.Code!,
            $"the Berth server at {client.BaseAddress} refused the request: {problem.Detail ?? problem.Title}",
            $"berth sent {credential.Describe()}; if that server serves another workspace, set BERTH_HOME to its folder or BERTH_TOKEN to its token ({problem.Hint})",
            problem.TraceId,
            []);
    }

    private sealed record ProblemBody(string? Title, string? Detail, string? Code, string? Hint, string? TraceId, List<ConfigIssue>? Issues, bool? IsTransient);
}

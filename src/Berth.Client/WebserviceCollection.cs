namespace Berth.Client;

/// <summary><c>workspace.Webservices["name"]</c>, as in the hosted platform's SDK.</summary>
public sealed class WebserviceCollection
{
    private readonly Workspace _workspace;

    internal WebserviceCollection(Workspace workspace) => _workspace = workspace;

    /// <summary>Looks the service up by name (a blocking call; prefer <see cref="GetAsync"/> in async code).</summary>
    public Webservice this[string name] => Webservice.GetAsync(_workspace, name).GetAwaiter().GetResult();

    public Task<Webservice> GetAsync(string name, CancellationToken cancellationToken = default) => Webservice.GetAsync(_workspace, name, cancellationToken);
}

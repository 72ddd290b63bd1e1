using Berth.Hosting;
using Berth.Security;

namespace Berth.Client;

/// <summary>
/// The workspace token the SDK and the CLI send as <c>Authorization: Bearer</c>: the one given to
/// <see cref="Workspace.Get(string?, string?, TimeSpan?)"/>, else BERTH_TOKEN, else <c>$BERTH_HOME/token</c>. The file
/// is read when first needed (a server the CLI has just started writes it) and again after a 401.
/// </summary>
internal sealed class ControlPlaneCredential(string? token)
{
    private readonly string _tokenPath = BerthHome.TokenPath(BerthHome.Resolve());
    private string? _fromFile;

    public string? Token()
    {
        if (token is not null)
        {
            return token;
        }

        if (Environment.GetEnvironmentVariable(BerthHome.TokenVariable) is { Length: > 0 } variable)
        {
            return variable.Trim();
        }

        return _fromFile ??= SecretFile.TryRead(_tokenPath);
    }

    /// <summary>After a 401: the file may have been replaced, read it again next time.</summary>
    public void Forget() => _fromFile = null;

    /// <summary>Where the token sent came from, for the hint of a refusal.</summary>
    public string Describe() =>
        token is not null ? "the token passed to Workspace.Get"
        : Environment.GetEnvironmentVariable(BerthHome.TokenVariable) is { Length: > 0 } ? $"the token in {BerthHome.TokenVariable}"
        : File.Exists(_tokenPath) ? $"the token in {_tokenPath}"
        : $"no token ({BerthHome.TokenVariable} is not set and {_tokenPath} does not exist)";
}

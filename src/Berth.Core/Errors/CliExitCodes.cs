namespace Berth.Errors;

/// <summary>The exit codes of <c>berth</c>. Scripts may rely on them; <see cref="ErrorCatalog"/> maps each error code to one.</summary>
public static class CliExitCodes
{
    public const int Success = 0;

    /// <summary>The operation failed for a reason the error message names.</summary>
    public const int Failed = 1;

    /// <summary>The command line itself is wrong (unknown option, missing argument, bad KEY=VALUE).</summary>
    public const int Usage = 2;

    /// <summary>No server answers and none could be started, or the server refused the workspace's credential.</summary>
    public const int ServerUnreachable = 3;

    /// <summary>The named model, environment, service or file does not exist.</summary>
    public const int NotFound = 4;

    /// <summary>A configuration file is invalid; every problem was listed.</summary>
    public const int ConfigInvalid = 5;

    /// <summary>A deployment, update or reload ended with the service failed; the diagnosis was printed.</summary>
    public const int DeployFailed = 6;
}

namespace Berth.Cli.Infrastructure;

/// <summary>The exit codes of <c>berth</c> (defined in Core's <see cref="Berth.Errors.CliExitCodes"/>, to which the error catalogue maps every code). Scripts may rely on them.</summary>
internal static class ExitCodes
{
    public const int Success = Berth.Errors.CliExitCodes.Success;

    /// <summary>The operation failed for a reason the error message names.</summary>
    public const int Failed = Berth.Errors.CliExitCodes.Failed;

    /// <summary>The command line itself is wrong (unknown option, missing argument, bad KEY=VALUE).</summary>
    public const int Usage = Berth.Errors.CliExitCodes.Usage;

    /// <summary>No server answers and none could be started.</summary>
    public const int ServerUnreachable = Berth.Errors.CliExitCodes.ServerUnreachable;

    /// <summary>The named model, environment or file does not exist.</summary>
    public const int NotFound = Berth.Errors.CliExitCodes.NotFound;

    /// <summary>A configuration file is invalid; every problem was listed.</summary>
    public const int ConfigInvalid = Berth.Errors.CliExitCodes.ConfigInvalid;

    /// <summary>A deployment, update or reload ended with the service failed; the diagnosis was printed.</summary>
    public const int DeployFailed = Berth.Errors.CliExitCodes.DeployFailed;
}

namespace Berth.Services;

/// <summary>An operation a user can call on a service (the SDK's <c>Webservice</c> methods).</summary>
public enum ServiceOperation
{
    /// <summary><c>run(input_data)</c>: score a request.</summary>
    Run,

    /// <summary><c>reload()</c>: re-read the entry script and source directory (local services only).</summary>
    Reload,

    /// <summary><c>update(...)</c>: new models, inference config or deployment config.</summary>
    Update,

    /// <summary><c>delete()</c>.</summary>
    Delete,

    /// <summary><c>get_logs()</c>.</summary>
    GetLogs,

    /// <summary><c>wait_for_deployment()</c>.</summary>
    WaitForDeployment,

    /// <summary><c>diagnose()</c>: Berth's own; always allowed.</summary>
    Diagnose,

    /// <summary><c>get_keys()</c>.</summary>
    GetKeys,

    /// <summary><c>regen_key(key)</c>.</summary>
    RegenKey,
}

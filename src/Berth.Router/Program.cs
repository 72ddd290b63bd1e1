using Berth.Errors;
using Berth.Router.Hosting;

RouterOptions options;
try
{
    options = RouterOptions.Parse(args);
}
catch (BerthException e)
{
    return Fail(e, toLog: false);
}

using var console = BufferedConsole.Install(TimeProvider.System, options.LogFile, options.LogMaxBytes, options.LogFiles);
try
{
    using var state = StateDirectory.Acquire(options.StateDirectory);
    await using var app = RouterHost.Build(options, state);
    await RouterHost.RestoreAsync(app, CancellationToken.None);
    // RunAsync returns after SIGTERM once the host is disposed; disposing it closes every front door (RouteTable),
    // letting running requests finish.
    await app.RunAsync();
    return 0;
}
catch (BerthException e)
{
    var code = Fail(e, console.ToFile);
    console.Dispose();
    return code;
}
catch (IOException e) when (e.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
{
    // Exit 2 (not a crash): the router's supervisor does not restart a router whose port is taken.
    var code = Fail(new BerthException(ErrorCodes.RequestInvalid, $"the router's port {options.Url.Port} is in use by another program", "pass another --url port, or 0 for a free one", inner: e), console.ToFile);
    console.Dispose();
    return code;
}

// Exit code 2: a problem a restart cannot fix (bad arguments, the state folder locked by another router, the port taken).
static int Fail(BerthException e, bool toLog)
{
    foreach (var writer in toLog ? new[] { Console.Error, Console.Out } : [Console.Error])
    {
        writer.WriteLine($"error: {e.Message}");
        if (e.Hint is not null)
        {
            writer.WriteLine($"hint: {e.Hint}");
        }
    }

    return 2;
}

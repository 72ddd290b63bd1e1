using Berth.Errors;
using Berth.Router.Hosting;

using var console = BufferedConsole.Install(TimeProvider.System);
try
{
    var options = RouterOptions.Parse(args);
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
    console.Dispose();
    Console.Error.WriteLine($"error: {e.Message}");
    if (e.Hint is not null)
    {
        Console.Error.WriteLine($"hint: {e.Hint}");
    }

    return 2;
}

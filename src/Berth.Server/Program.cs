using Berth.Errors;
using Berth.Server;

try
{
    var options = ServerOptions.Parse(args);
    await using var host = ServerHost.Build(options);
    await host.RunAsync();
    return 0;
}
catch (BerthException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    if (e.Hint is not null)
    {
        Console.Error.WriteLine($"hint: {e.Hint}");
    }

    return 2;
}

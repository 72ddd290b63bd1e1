using Berth.Errors;
using Berth.Server;

try
{
    var options = ServerOptions.Parse(args);
    await using var host = ServerHost.Build(options);
    try
    {
        await host.RunAsync();
    }
    catch (IOException e) when (e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
    {
        throw new BerthException(
            ErrorCodes.RequestInvalid, $"{options.Url} is already in use by another program",
            "stop that program, or run the server on another port: BERTH_URL=http://127.0.0.1:PORT (the CLI uses the same variable)");
    }

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

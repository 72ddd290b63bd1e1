using Berth.Bench.Ceiling;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

// Usage: scoring-ceiling <coefficients.json> [port]. Prints "Listening at: http://127.0.0.1:<port>" once ready.
var coefficients = Coefficients.Load(args[0]);
var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 0));
var app = builder.Build();
app.MapPost("/score", (DiabetesInput input) => Results.Json(coefficients.Predict(input.data)));
await app.StartAsync();
var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
Console.WriteLine($"Listening at: {address}");
await app.WaitForShutdownAsync();

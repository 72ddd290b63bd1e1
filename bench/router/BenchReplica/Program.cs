// The fastest replica we can write: answers every request with a small scoring-shaped JSON, so the benchmark
// measures the router's cost and not a model's. Usage: bench-replica PORT [RUN_MS]; RUN_MS > 0 waits that long per
// request (without using CPU), like a run() that takes time.
using System.Globalization;
using System.Net;
using System.Text;

var port = int.Parse(args[0], CultureInfo.InvariantCulture);
var runTime = TimeSpan.FromMilliseconds(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 0);
var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
var app = builder.Build();
var body = Encoding.UTF8.GetBytes("{\"predictions\": [182.5, 91.25]}");
app.Run(async context =>
{
    if (context.Request.ContentLength is > 0)
    {
        await context.Request.Body.CopyToAsync(Stream.Null);
    }

    if (runTime > TimeSpan.Zero)
    {
        await Task.Delay(runTime);
    }

    context.Response.ContentType = "application/json";
    context.Response.Headers["x-ms-run-fn-exec-ms"] = "0.010";
    context.Response.ContentLength = body.Length;
    await context.Response.Body.WriteAsync(body);
});
await app.RunAsync();

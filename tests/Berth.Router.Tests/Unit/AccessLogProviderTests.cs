using Berth.Router.Hosting;
using Berth.Router.Proxy;
using Microsoft.Extensions.Logging;

namespace Berth.Router.Tests.Unit;

public sealed class AccessLogProviderTests
{
    [Fact]
    public void Category_IsTheProxysLoggerCategory()
    {
        Assert.Equal(AccessLogProvider.Category, typeof(ReplicaProxy).FullName);
    }

    [Fact]
    public void Log_OneLineInTheConsoleShape_OtherCategoriesIgnored()
    {
        using var output = new StringWriter();
        using var provider = new AccessLogProvider(output, TimeProvider.System);

        provider.CreateLogger(AccessLogProvider.Category).Log(LogLevel.Information, new EventId(2200), "svc POST /score -> r1 200", null, (s, _) => s);
        provider.CreateLogger("Other").Log(LogLevel.Information, new EventId(1), "ignored", null, (s, _) => s);
        provider.WriteQueued();

        var line = Assert.Single(output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} info: Berth\.Router\.Proxy\.ReplicaProxy\[2200\] svc POST /score -> r1 200$", line);
    }
}

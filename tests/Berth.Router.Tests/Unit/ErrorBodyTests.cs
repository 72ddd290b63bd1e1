using System.Text;
using Berth.Router.Proxy;
using Microsoft.AspNetCore.Http;

namespace Berth.Router.Tests.Unit;

public sealed class ErrorBodyTests
{
    [Theory]
    [InlineData("/v2", """{"error":"busy"}""")]
    [InlineData("/v2/models/m/infer", """{"error":"busy"}""")]
    [InlineData("/score", """{"message":"busy"}""")]
    [InlineData("/", """{"message":"busy"}""")]
    [InlineData("/v20/models", """{"message":"busy"}""")]
    public void For_OipPathsGetTheOipShape_OthersThePlatforms(string path, string expected) =>
        Assert.Equal(expected, Encoding.UTF8.GetString(ErrorBody.For(new PathString(path), "busy")));
}

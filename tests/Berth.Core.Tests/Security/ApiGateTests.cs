using Berth.Errors;
using Berth.Security;

namespace Berth.Tests.Security;

public sealed class ApiGateTests
{
    private const string Token = "the-workspace-token-0123456789";
    private static readonly ApiGate Gate = new(Token, HostAllowance.Loopback, "the token is in /ws/token");

    private static ApiRequestFacts Good => new("POST", "127.0.0.1:7700", null, null, "application/json", true, "Bearer " + Token, 7700, false);

    [Fact]
    public void Refusal_TokenHostAndJson_None()
    {
        Assert.Null(Gate.Refusal(Good));
        Assert.Null(Gate.Refusal(Good with { Authorization = "bearer " + Token }));
    }

    [Fact]
    public void Refusal_NoToken_AuthRequiredWithTheHint()
    {
        var refusal = Gate.Refusal(Good with { Authorization = null });

        Assert.Equal(ErrorCodes.AuthRequired, refusal?.Code);
        Assert.Equal("the token is in /ws/token", refusal?.Hint);
    }

    [Theory]
    [InlineData("Bearer wrong")]
    [InlineData("Bearer " + Token + "x")]
    [InlineData("Basic " + Token)]
    public void Refusal_WrongTokenOrScheme_AuthInvalidOrRequired(string authorization)
    {
        var refusal = Gate.Refusal(Good with { Authorization = authorization });

        Assert.Contains(refusal?.Code, new[] { ErrorCodes.AuthInvalid, ErrorCodes.AuthRequired });
        Assert.DoesNotContain(Token, refusal!.Message + refusal.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Refusal_ForeignOriginWithoutToken_ForbiddenBeforeAuth()
    {
        var refusal = Gate.Refusal(Good with { Origin = "http://attacker.example", Authorization = null, ContentType = "text/plain" });

        Assert.Equal(ErrorCodes.RequestForbidden, refusal?.Code);
    }

    [Fact]
    public void Refusal_TextPlainWrite_UnsupportedMediaTypeNamingTheType()
    {
        var refusal = Gate.Refusal(Good with { ContentType = "text/plain" });

        Assert.Equal(ErrorCodes.RequestUnsupportedMediaType, refusal?.Code);
        Assert.Contains("text/plain", refusal!.Message, StringComparison.Ordinal);
    }
}

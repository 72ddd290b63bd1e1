using Berth.Router.Auth;

namespace Berth.Router.Tests.Unit;

public sealed class KeyCheckTests
{
    [Theory]
    [InlineData("Bearer p-key", true)]
    [InlineData("bearer p-key", true)]
    [InlineData("Bearer s-key", true)]
    [InlineData("Bearer  s-key ", true)]
    [InlineData("Bearer p-ke", false)]
    [InlineData("Bearer p-keyy", false)]
    [InlineData("Basic p-key", false)]
    [InlineData("p-key", false)]
    [InlineData("Bearer ", false)]
    [InlineData(null, false)]
    public void Allows_PrimaryOrSecondaryBearerKeyOnly(string? header, bool expected)
    {
        Assert.Equal(expected, KeyCheck.For(true, "p-key", "s-key").Allows(header));
    }

    [Fact]
    public void Allows_OnlyPrimarySet_SecondaryMissingNeverMatchesEmpty()
    {
        var keys = KeyCheck.For(true, "p-key", null);
        Assert.True(keys.Allows("Bearer p-key"));
        Assert.False(keys.Allows("Bearer "));
        Assert.False(keys.Allows("Bearer s-key"));
    }

    [Fact]
    public void Allows_AuthDisabled_EverythingPasses()
    {
        Assert.True(KeyCheck.For(false, "p-key", "s-key").Allows(null));
    }
}

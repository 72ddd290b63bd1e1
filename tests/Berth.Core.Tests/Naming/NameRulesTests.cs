using Berth.Naming;

namespace Berth.Tests.Naming;

public sealed class NameRulesTests
{
    [Theory]
    [InlineData("diabetes")]
    [InlineData("sklearn_regression_model.pkl")]
    [InlineData("my-model.v2")]
    [InlineData("9lives")]
    public void Validate_ValidName_ReturnsNull(string name)
    {
        Assert.Null(NameRules.Validate(name, "model name"));
    }

    [Fact]
    public void Validate_NameWithSpace_NamesCharacterAndPosition()
    {
        var error = NameRules.Validate("my model", "model name");

        Assert.Equal("model name \"my model\" is not valid: character ' ' at position 3 is not allowed; use letters, digits, '-', '_' and '.' (at most 255 characters)", error);
    }

    [Fact]
    public void Validate_NameWithSlash_NamesSlashPosition()
    {
        var error = NameRules.Validate("team/model", "model name");

        Assert.Contains("character '/' at position 5 is not allowed", error);
    }

    [Fact]
    public void Validate_NameWithDoubleDot_IsRejected()
    {
        var error = NameRules.Validate("a..b", "environment name");

        Assert.Equal("environment name \"a..b\" is not valid: '..' at position 2 is not allowed; use letters, digits, '-', '_' and '.' (at most 255 characters)", error);
    }

    [Fact]
    public void Validate_NameStartingWithDash_SaysItMustStartWithLetterOrDigit()
    {
        Assert.Contains("it must start with a letter or digit, not '-'", NameRules.Validate("-x", "model name"));
    }

    [Fact]
    public void Validate_EmptyName_SaysEmpty()
    {
        Assert.Contains("it is empty", NameRules.Validate("", "model name"));
    }

    [Fact]
    public void Validate_NameOf256Characters_IsTooLongButOf255IsValid()
    {
        Assert.Null(NameRules.Validate(new string('a', 255), "model name"));
        Assert.Contains("it is 256 characters long", NameRules.Validate(new string('a', 256), "model name"));
    }
}

using Berth.Security;

namespace Berth.Tests.Security;

public sealed class SecretFileTests
{
    [Fact]
    public void ReadOrCreate_NoFile_WritesA43CharacterBase64UrlSecretOwnerOnly_AndReturnsItAgain()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "token");

        var created = SecretFile.ReadOrCreate(path);
        var again = SecretFile.ReadOrCreate(path);

        Assert.Equal(43, created.Length);
        Assert.All(created, c => Assert.True(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'));
        Assert.Equal(created, again);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal([path], Directory.GetFiles(folder.Path));
    }

    [Fact]
    public void ReadOrCreate_ExistingLooseFile_KeepsTheSecretAndTightensTheMode()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "token");
        File.WriteAllText(path, "kept-secret\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        Assert.Equal("kept-secret", SecretFile.ReadOrCreate(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Theory]
    [InlineData("Bearer abc", "abc")]
    [InlineData("bearer  abc ", "abc")]
    [InlineData("Bearer ", null)]
    [InlineData("Basic abc", null)]
    [InlineData(null, null)]
    public void BearerValue(string? header, string? value)
    {
        Assert.Equal(value, SecretFile.BearerValue(header));
    }

    [Fact]
    public void Matches_OnlyTheSameSecret()
    {
        Assert.True(SecretFile.Matches("s3cret", "s3cret"));
        Assert.False(SecretFile.Matches("s3cret", "s3cre"));
        Assert.False(SecretFile.Matches("s3cret", "S3cret"));
        Assert.False(SecretFile.Matches("s3cret", null));
    }
}

using Berth.Access;
using Berth.Errors;
using Berth.Tests;

namespace Berth.Core.Tests.Access;

/// <summary>
/// What another user may read is decided by the kernel, running find as that user. These run as root (the server's
/// case): nobody (65534) cannot read a 0600 file of root's, nor list a 0700 folder.
/// </summary>
public sealed class ReadAccessTests : IDisposable
{
    private const uint Nobody = 65534;
    private readonly TempFolder _folder = new();

    public ReadAccessTests()
    {
        Assert.True(ReadAccess.EffectiveUserId == 0, "these tests check access for another user and must run as root (as scripts/test.sh does)");
        File.SetUnixFileMode(_folder.Path, (UnixFileMode)0b111_101_101);
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task FirstUnreadable_ForNobody_NamesTheFileOnlyRootMayRead()
    {
        _folder.Write("model/a.bin", "a");
        var secret = _folder.Write("model/b.bin", "b");
        File.SetUnixFileMode(secret, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var unreadable = await ReadAccess.FirstUnreadableAsync(Path.Combine(_folder.Path, "model"), Nobody);

        Assert.Equal(secret, unreadable);
    }

    [Fact]
    public async Task FirstUnreadable_ForNobody_NamesAFolderNobodyMayNotList()
    {
        _folder.Write("model/a.bin", "a");
        var hidden = Path.Combine(_folder.Path, "model", "private");
        Directory.CreateDirectory(hidden);
        File.SetUnixFileMode(hidden, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var unreadable = await ReadAccess.FirstUnreadableAsync(Path.Combine(_folder.Path, "model"), Nobody);

        Assert.Equal(hidden, unreadable);
    }

    [Fact]
    public async Task FirstUnreadable_OfAWorldReadableFolder_IsNone()
    {
        _folder.Write("model/a.bin", "a");
        _folder.Write("model/sub/b.bin", "b");

        Assert.Null(await ReadAccess.FirstUnreadableAsync(Path.Combine(_folder.Path, "model"), Nobody));
        Assert.Null(await ReadAccess.FirstUnreadableAsync(Path.Combine(_folder.Path, "model"), ReadAccess.EffectiveUserId));
    }

    [Fact]
    public async Task EnsureReadable_EtcShadowForNobody_IsRefusedWithTheCodeAndPath()
    {
        var error = await Assert.ThrowsAsync<BerthException>(() => ReadAccess.EnsureReadableAsync("/etc/shadow", Nobody, "the model path", ErrorCodes.ModelPathNotReadable));

        Assert.Equal(ErrorCodes.ModelPathNotReadable, error.Code);
        Assert.Equal("the model path /etc/shadow is not readable by the calling user (uid 65534)", error.Message);
    }

    [Fact]
    public async Task FirstUnreadable_BelowAFolderNobodyCannotEnter_IsThePathItself()
    {
        var locked = Path.Combine(_folder.Path, "locked");
        var file = _folder.Write("locked/model.bin", "m");
        File.SetUnixFileMode(locked, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        Assert.Equal(file, await ReadAccess.FirstUnreadableAsync(file, Nobody));
    }
}

using System.Globalization;
using Berth.Errors;
using Berth.Server.Compute;
using Berth.Server.Workspace;
using Microsoft.Extensions.Time.Testing;

namespace Berth.Server.Tests.Compute;

/// <summary>The store over a real workspace folder and SQLite file: the row and the kubeconfig copy, both or neither.</summary>
public sealed class ComputeStoreTests : IDisposable
{
    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerAll = OwnerReadWrite | UnixFileMode.UserExecute;

    private readonly TempFolder _home = new("berth-home");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 2, 8, 0, 0, TimeSpan.Zero));
    private readonly WorkspaceLayout _layout;
    private readonly ComputeStore _store;

    public ComputeStoreTests()
    {
        _layout = new WorkspaceLayout(_home.Path);
        _layout.EnsureWritable();
        var database = new WorkspaceDatabase(_layout);
        database.EnsureSchema();
        _store = new ComputeStore(_layout, database, _time);
    }

    public void Dispose() => _home.Dispose();

    [Fact]
    public void Attach_StoresTheRowAndAnOwnerOnlyCopyOfTheKubeconfig()
    {
        var record = _store.Attach("k8s", "kubeconfig text", "one", "team-a", "127.0.0.1:15000", overwrite: false);

        Assert.Equal(record, _store.Find("k8s"));
        Assert.Equal(_layout.ComputeDirectory("k8s") + "/kubeconfig", record.KubeconfigPath);
        Assert.Equal("kubeconfig text", File.ReadAllText(record.KubeconfigPath));
        Assert.Equal(OwnerReadWrite, File.GetUnixFileMode(record.KubeconfigPath));
        Assert.Equal(OwnerAll, File.GetUnixFileMode(_layout.ComputeDirectory("k8s")));
        Assert.Equal(OwnerAll, File.GetUnixFileMode(_layout.ComputesDirectory));
        Assert.Equal(["kubeconfig"], Directory.GetFiles(_layout.ComputeDirectory("k8s")).Select(Path.GetFileName));
        Assert.Equal(("kubernetes", _time.GetUtcNow()), (record.Type, record.AttachedAt));
    }

    [Fact]
    public void Attach_NameTaken_IsRefusedAndLeavesTheFirstUntouched()
    {
        var first = _store.Attach("k8s", "first", "one", "team-a", null, overwrite: false);
        _time.Advance(TimeSpan.FromSeconds(1));

        var error = Assert.Throws<BerthException>(() => _store.Attach("k8s", "second", "two", "default", null, overwrite: false));

        Assert.Equal(ComputeErrorCodes.Exists, error.Code);
        Assert.Contains("berth compute detach k8s", error.Hint, StringComparison.Ordinal);
        Assert.Equal(first, _store.Find("k8s"));
        Assert.Equal("first", File.ReadAllText(first.KubeconfigPath));
        Assert.Equal(["kubeconfig"], Directory.GetFiles(_layout.ComputeDirectory("k8s")).Select(Path.GetFileName));
    }

    [Fact]
    public void Attach_Overwrite_ReplacesTheRowAndTheKubeconfig()
    {
        _store.Attach("k8s", "first", "one", "team-a", null, overwrite: false);
        _time.Advance(TimeSpan.FromSeconds(1));

        var second = _store.Attach("k8s", "second", "two", "default", "r:5000", overwrite: true);

        Assert.Equal(second, Assert.Single(_store.List()));
        Assert.Equal(("two", "default", "r:5000"), (second.Context, second.Namespace, second.Registry));
        Assert.Equal("second", File.ReadAllText(second.KubeconfigPath));
    }

    [Fact]
    public void Attach_InvalidName_IsRefusedBeforeAnyFileIsWritten()
    {
        var error = Assert.Throws<BerthException>(() => _store.Attach("../escape", "text", "one", "default", null, overwrite: false));

        Assert.Equal(ComputeErrorCodes.NameInvalid, error.Code);
        Assert.False(Directory.Exists(_layout.ComputesDirectory) && Directory.EnumerateFileSystemEntries(_layout.ComputesDirectory).Any());
    }

    [Fact]
    public void Detach_RemovesTheRowAndTheKubeconfigCopy()
    {
        _store.Attach("k8s", "text", "one", "default", null, overwrite: false);

        _store.Detach("k8s");

        Assert.Null(_store.Find("k8s"));
        Assert.False(Directory.Exists(_layout.ComputeDirectory("k8s")));
    }

    [Fact]
    public void Detach_Unknown_IsNotFound()
    {
        var error = Assert.Throws<BerthException>(() => _store.Detach("nope"));

        Assert.Equal(ComputeErrorCodes.NotFound, error.Code);
        Assert.Equal("no compute target named \"nope\" is attached", error.Message);
    }

    [Fact]
    public void Recover_CrashAfterTheCommit_RenamesTheMatchingPendingCopyIntoPlace()
    {
        var record = _store.Attach("k8s", "old", "one", "default", null, overwrite: false);
        _time.Advance(TimeSpan.FromSeconds(1));
        var newer = _store.Attach("k8s", "new", "one", "default", null, overwrite: true);
        // As if the server had died between the commit and the rename: the row is the new one, the file the old one.
        File.WriteAllText(record.KubeconfigPath, "old");
        var pending = Pending(newer.AttachedAt, "new");

        var changed = _store.Recover();

        Assert.Equal([pending], changed);
        Assert.Equal("new", File.ReadAllText(newer.KubeconfigPath));
        Assert.False(File.Exists(pending));
    }

    [Fact]
    public void Recover_CrashBeforeTheCommit_DeletesThePendingCopyAndKeepsTheOldOne()
    {
        var record = _store.Attach("k8s", "old", "one", "default", null, overwrite: false);
        var pending = Pending(record.AttachedAt.AddSeconds(1), "never committed");

        _store.Recover();

        Assert.False(File.Exists(pending));
        Assert.Equal("old", File.ReadAllText(record.KubeconfigPath));
    }

    [Fact]
    public void Recover_FolderWithoutRow_IsRemoved()
    {
        var orphan = _layout.ComputeDirectory("half-detached");
        Directory.CreateDirectory(orphan);
        File.WriteAllText(Path.Combine(orphan, "kubeconfig"), "secret");

        var changed = _store.Recover();

        Assert.Equal([orphan], changed);
        Assert.False(Directory.Exists(orphan));
    }

    private string Pending(DateTimeOffset attachedAt, string text)
    {
        var path = Path.Combine(_layout.ComputeDirectory("k8s"), $"kubeconfig.{attachedAt.UtcTicks.ToString(CultureInfo.InvariantCulture)}.pending");
        File.WriteAllText(path, text);
        return path;
    }
}

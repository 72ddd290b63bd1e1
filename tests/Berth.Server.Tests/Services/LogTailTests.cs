using System.Text;
using Berth.Server.Services;

namespace Berth.Server.Tests.Services;

public sealed class LogTailTests : IDisposable
{
    private readonly TempFolder _folder = new("berth-logtail");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Last5_OfA4GBSparseLog_ReadsOnlyTheEnd_WithinBoundedMemory()
    {
        var log = _folder.Combine("log");
        using (var file = new FileStream(log, FileMode.CreateNew))
        {
            file.SetLength(4L * 1024 * 1024 * 1024);
            file.Seek(0, SeekOrigin.End);
            file.Write(Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 10).Select(i => $"2024-01-01 00:00:00,000 | line {i}\n"))));
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var tail = LogTail.Last(log, 5);
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;

        Assert.Equal(Enumerable.Range(5, 5).Select(i => $"2024-01-01 00:00:00,000 | line {i}"), tail.Lines);
        Assert.InRange(tail.BytesRead, 1, 256 * 1024);
        Assert.InRange(allocated, 1, 2 * 1024 * 1024);
        Assert.Equal(new FileInfo(log).Length, tail.End);
    }

    [Fact]
    public void Last_NeedsOlderLines_ReadsOnInTheRotatedFiles_InOrder()
    {
        var log = _folder.Combine("log");
        File.WriteAllText(log + ".2", "a1\na2\na3\n");
        File.WriteAllText(log + ".1", "b1\nb2\nb3\n");
        File.WriteAllText(log, "c1\nc2\n");

        Assert.Equal(["b1", "b2", "b3", "c1", "c2"], LogTail.Last(log, 5).Lines);
        Assert.Equal(["a2", "a3", "b1", "b2", "b3", "c1", "c2"], LogTail.Last(log, 7).Lines);
        Assert.Equal(["c2"], LogTail.Last(log, 1).Lines);
    }

    [Fact]
    public void Last_LeavesOutALineStillBeingWritten_AndItsCursorStopsBeforeIt()
    {
        var log = _folder.Combine("log");
        File.WriteAllText(log, "one\ntwo\nthr");

        var tail = LogTail.Last(log, 5);

        Assert.Equal(["one", "two"], tail.Lines);
        Assert.Equal(8, tail.End);
        File.AppendAllText(log, "ee\n");
        Assert.Equal(["three"], LogTail.From(log, tail.End, tail.Generation).Lines);
    }

    [Fact]
    public void From_AfterARotation_ReadsTheRestOfTheOldLogThenTheNewOne()
    {
        var log = _folder.Combine("log");
        File.WriteAllText(log, "x1\nx2\n");
        var cursor = LogTail.Last(log, 10);
        File.AppendAllText(log, "x3\n" + new string('p', 100) + "\n");

        Assert.True(LogRotation.RotateIfNeeded(log, maxBytes: 64, files: 3));
        File.AppendAllText(log, "y1\n");
        var next = LogTail.From(log, cursor.End, cursor.Generation);

        Assert.Equal(["x3", new string('p', 100), "y1"], next.Lines);
        Assert.Equal(3, next.End);
        Assert.Empty(LogTail.From(log, next.End, next.Generation).Lines);
    }
}

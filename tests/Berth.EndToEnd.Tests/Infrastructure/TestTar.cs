using System.Formats.Tar;
using System.Text;

namespace Berth.EndToEnd.Tests.Infrastructure;

/// <summary>Builds tar archives entry by entry, including the hostile ones a real client would never make.</summary>
internal sealed class TestTar
{
    private readonly MemoryStream _stream = new();
    private readonly TarWriter _writer;

    public TestTar() => _writer = new TarWriter(_stream, TarEntryFormat.Pax, leaveOpen: true);

    public TestTar File(string name, string content)
    {
        _writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)) });
        return this;
    }

    public TestTar Folder(string name)
    {
        _writer.WriteEntry(new PaxTarEntry(TarEntryType.Directory, name));
        return this;
    }

    public TestTar Link(TarEntryType type, string name, string target)
    {
        _writer.WriteEntry(new PaxTarEntry(type, name) { LinkName = target });
        return this;
    }

    public TestTar Special(TarEntryType type, string name)
    {
        _writer.WriteEntry(new PaxTarEntry(type, name));
        return this;
    }

    public ByteArrayContent ToContent()
    {
        _writer.Dispose();
        var content = new ByteArrayContent(_stream.ToArray());
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-tar");
        return content;
    }
}

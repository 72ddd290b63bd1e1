using System.Text;

namespace Berth.Json;

/// <summary>Turns a byte offset in UTF-8 text into a 1-based line and column (columns count characters).</summary>
internal sealed class LineIndex
{
    private readonly byte[] _bytes;
    private readonly List<int> _lineStarts = [0];

    public LineIndex(byte[] bytes)
    {
        _bytes = bytes;
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                _lineStarts.Add(i + 1);
            }
        }
    }

    public (int Line, int Column) Position(long offset)
    {
        var index = _lineStarts.BinarySearch((int)offset);
        var lineIndex = index >= 0 ? index : ~index - 1;
        var start = _lineStarts[lineIndex];
        var column = Encoding.UTF8.GetCharCount(_bytes, start, (int)offset - start) + 1;
        return (lineIndex + 1, column);
    }
}

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

    /// <summary>The 1-based character column of a 0-based byte position within a 0-based line (as System.Text.Json reports errors).</summary>
    public int CharacterColumn(long lineNumber, long bytePositionInLine)
    {
        if (lineNumber < 0 || lineNumber >= _lineStarts.Count)
        {
            return (int)bytePositionInLine + 1;
        }

        var start = _lineStarts[(int)lineNumber];
        var length = (int)Math.Min(bytePositionInLine, _bytes.Length - start);
        return Encoding.UTF8.GetCharCount(_bytes, start, length) + 1;
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

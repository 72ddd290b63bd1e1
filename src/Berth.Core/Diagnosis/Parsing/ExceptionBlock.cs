namespace Berth.Diagnosis.Parsing;

/// <summary>One exception of a traceback: its frames and the <c>Type: message</c> line (plus continuation lines).</summary>
internal sealed record ExceptionBlock(string Type, string Message, IReadOnlyList<string> MessageLines, IReadOnlyList<StackFrame> Frames)
{
    /// <summary>The type without module: <c>ModelNotFoundException</c> for <c>azureml.exceptions.ModelNotFoundException</c>.</summary>
    public string ShortType => Type[(Type.LastIndexOf('.') + 1)..];

    /// <summary>The deepest frame in user code, or null.</summary>
    public StackFrame? UserFrame => Frames.LastOrDefault(f => f.IsUserCode);

    /// <summary>
    /// <c>Type: message</c> as printed; when the first line carries no message (azureml's
    /// <c>ModelNotFoundException: ModelNotFoundException:</c> then <c>Message: ...</c>), the first message line instead.
    /// </summary>
    public string Line
    {
        get
        {
            var message = Message;
            if ((message.Length == 0 || message.TrimEnd(':') == ShortType) && MessageLines.Count > 0)
            {
                var first = MessageLines[0].Trim();
                message = first.StartsWith("Message: ", StringComparison.Ordinal) ? first["Message: ".Length..] : first;
            }

            return message.Length == 0 ? Type : $"{Type}: {message}";
        }
    }

    /// <summary>All text of the exception (type line and continuation lines) for pattern matching.</summary>
    public string FullText => MessageLines.Count == 0 ? Line : Line + "\n" + string.Join('\n', MessageLines);
}

namespace Berth.Diagnosis.Parsing;

/// <summary>One frame of a Python traceback or .NET stack trace.</summary>
internal sealed record StackFrame(string File, int Line, string? Function, string? Code)
{
    private static readonly string[] LibraryMarkers =
    [
        "/site-packages/", "/dist-packages/", "/lib/python3", "<frozen", "azureml_inference_server_http", "/usr/share/dotnet/",
    ];

    /// <summary>The file name without folders: <c>score.py</c>.</summary>
    public string FileName => Path.GetFileName(File);

    /// <summary>The method name without class and parentheses: <c>init</c> for <c>init</c> or <c>Score.Init()</c>.</summary>
    public string? Method
    {
        get
        {
            if (Function is null)
            {
                return null;
            }

            var f = Function;
            var paren = f.IndexOf('(', StringComparison.Ordinal);
            if (paren >= 0)
            {
                f = f[..paren];
            }

            var dot = f.LastIndexOf('.');
            return dot >= 0 ? f[(dot + 1)..] : f;
        }
    }

    /// <summary>True when the frame is in the user's code, not in a library, the interpreter or the server.</summary>
    public bool IsUserCode => !File.StartsWith('<') && !LibraryMarkers.Any(m => File.Contains(m, StringComparison.Ordinal));

    /// <summary><c>score.py, line 9, in init</c>.</summary>
    public string Describe() => Function is null ? $"{FileName}, line {Line}" : $"{FileName}, line {Line}, in {Method}";
}

using Berth.Client;
using Berth.Errors;

namespace Berth.Cli.Infrastructure;

/// <summary>Writes failures as <c>error: ...</c> and <c>hint: ...</c> on stderr and picks the exit code.</summary>
internal static class ErrorReporter
{
    public static int Report(Exception exception, bool verbose, TextWriter stderr)
    {
        ArgumentNullException.ThrowIfNull(exception);
        switch (exception)
        {
            case BerthException e:
                stderr.WriteLine($"error: {FirstLine(e)}");
                foreach (var issue in Issues(e))
                {
                    stderr.WriteLine($"  {issue}");
                }

                if (e.Hint is not null)
                {
                    stderr.WriteLine($"hint: {e.Hint}");
                }

                if (verbose)
                {
                    stderr.WriteLine($"code: {e.Code}{(e is BerthApiException { TraceId: { } trace } ? $", trace: {trace}" : string.Empty)}");
                    stderr.WriteLine(e.ToString());
                }

                return ExitCodeFor(e.Code);
            case OperationCanceledException:
                stderr.WriteLine("error: cancelled");
                return ExitCodes.Failed;
            default:
                stderr.WriteLine($"error: {exception.Message}");
                stderr.WriteLine(verbose ? exception.ToString() : "hint: this is a bug in berth; run again with --verbose and report the output");
                return ExitCodes.Failed;
        }
    }

    private static IReadOnlyList<ConfigIssue> Issues(BerthException e) => e switch
    {
        ConfigValidationException c when c.Issues.Count > 1 => c.Issues,
        BerthApiException a when a.Issues.Count > 1 => a.Issues,
        _ => [],
    };

    private static string FirstLine(BerthException e)
    {
        var issues = Issues(e);
        if (issues.Count > 1)
        {
            return $"{issues.Count} problems found:";
        }

        return e.Message;
    }

    internal static int ExitCodeFor(string code) => ErrorCatalog.Describe(code).ExitCode;
}

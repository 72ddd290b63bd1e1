using Berth.Errors;

namespace Berth.Hosting;

/// <summary>The command line of Berth's long-running programs: <c>--name value</c> pairs from a known set.</summary>
public static class ProgramArguments
{
    /// <summary>Reads the pairs; an unknown name or a name without a value is refused with <paramref name="usage"/> as the hint.</summary>
    public static IReadOnlyDictionary<string, string> Read(string[] args, IReadOnlyCollection<string> names, string usage)
    {
        ArgumentNullException.ThrowIfNull(args);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (!names.Contains(args[i]) || i + 1 >= args.Length)
            {
                throw new BerthException(ErrorCodes.RequestInvalid, $"unknown argument \"{args[i]}\"", usage);
            }

            values[args[i]] = args[++i];
        }

        return values;
    }
}

using Berth.Errors;

namespace Berth.Cli.Infrastructure;

/// <summary>Parses repeated <c>KEY=VALUE</c> options such as <c>--tag area=health</c>.</summary>
internal static class KeyValueParser
{
    public static Dictionary<string, string>? Parse(string[]? pairs, string option, bool valueOptional = false)
    {
        if (pairs is null || pairs.Length == 0)
        {
            return null;
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var eq = pair.IndexOf('=');
            if (eq < 0 && valueOptional)
            {
                result[pair] = string.Empty;
                continue;
            }

            if (eq <= 0)
            {
                var example = option == "--env" ? "--env LOG_LEVEL=debug" : $"{option} area=health";
                throw new BerthException(ErrorCodes.TagInvalid, $"{option} \"{pair}\" is not KEY=VALUE", $"write it as KEY=VALUE, e.g. {example}");
            }

            result[pair[..eq]] = pair[(eq + 1)..];
        }

        return result;
    }
}

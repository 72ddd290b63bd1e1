using Berth.Errors;
using Berth.Naming;

namespace Berth.Models;

/// <summary>A model named on a command line or in an API call: <c>name</c> (latest version) or <c>name:version</c>.</summary>
public sealed record ModelReference(string Name, int? Version)
{
    /// <summary>Parses <c>N</c> or <c>N:V</c>; throws a <see cref="BerthException"/> that says what is wrong.</summary>
    public static ModelReference Parse(string text, bool requireVersion = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        var colon = text.LastIndexOf(':');
        var name = colon < 0 ? text : text[..colon];
        if (NameRules.Validate(name, "model name") is string nameError)
        {
            throw new BerthException(ErrorCodes.ModelNameInvalid, nameError, "write the model as NAME or NAME:VERSION, e.g. diabetes:1");
        }

        if (colon < 0)
        {
            return requireVersion
                ? throw new BerthException(ErrorCodes.RequestInvalid, $"\"{text}\" names no version", $"write NAME:VERSION, e.g. {name}:1 (see `berth model list --name {name}`)")
                : new ModelReference(name, null);
        }

        var versionText = text[(colon + 1)..];
        if (!int.TryParse(versionText, System.Globalization.NumberStyles.None, null, out var version) || version < 1)
        {
            throw new BerthException(ErrorCodes.RequestInvalid, $"\"{versionText}\" in \"{text}\" is not a model version", "versions are whole numbers from 1, e.g. " + name + ":1");
        }

        return new ModelReference(name, version);
    }

    public override string ToString() => Version is int v ? $"{Name}:{v}" : Name;
}

using System.ComponentModel.DataAnnotations;
using System.Reflection;
using Berth.Errors;
using Microsoft.Extensions.Configuration;

namespace Berth.Hosting;

/// <summary>Where one setting of a program can come from: its key (in the config file too), its switch and its environment variable.</summary>
/// <param name="Key">The settings property and the config file's key, e.g. <c>restartInitialDelayMs</c>.</param>
/// <param name="Switch">The command-line switch, e.g. <c>--restart-initial-delay-ms</c>.</param>
/// <param name="EnvironmentVariable">The environment variable, e.g. <c>BERTH_RESTART_INITIAL_DELAY_MS</c>, or null for none.</param>
public sealed record SettingSource(string Key, string Switch, string? EnvironmentVariable);

/// <summary>
/// Loads a long-running program's settings with Microsoft.Extensions.Configuration, in the hosted platform's precedence:
/// the command line wins over the environment, which wins over the config file (named by its own switch or variable),
/// which wins over the defaults of <typeparamref name="T"/>. Then validates them: an unknown switch or file key, a value
/// of the wrong type and a value out of its <see cref="RangeAttribute"/> each give one error naming the key and where the
/// value came from; all errors are reported together.
/// </summary>
/// <typeparam name="T">The settings: a class with public settable properties named by the sources' keys (case-insensitive).</typeparam>
public sealed class ProgramSettings<T>
    where T : class, new()
{
    private readonly IReadOnlyList<SettingSource> _sources;
    private readonly SettingSource _configFile;
    private readonly string _usage;

    /// <summary>Settings from <paramref name="sources"/>; <paramref name="configFile"/> names the JSON config file (its key is not a setting).</summary>
    public ProgramSettings(IReadOnlyList<SettingSource> sources, SettingSource configFile, string usage)
    {
        _sources = sources;
        _configFile = configFile;
        _usage = usage;
    }

    /// <summary>Loads and validates; throws a <see cref="BerthException"/> listing every problem.</summary>
    /// <param name="args">The command line.</param>
    /// <param name="environment">The environment (a test passes its own; null reads the process's).</param>
    /// <param name="validate">Rules across settings (e.g. TLS needs both files); each message names its keys.</param>
    public T Load(string[] args, IReadOnlyDictionary<string, string?>? environment = null, Func<T, IEnumerable<string>>? validate = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        string? Variable(string name) => environment is null ? Environment.GetEnvironmentVariable(name) : environment.GetValueOrDefault(name);
        var errors = new List<string>();
        var all = _sources.Append(_configFile).ToList();
        var switches = all.ToDictionary(s => s.Switch, s => s.Key, StringComparer.Ordinal);
        CheckCommandLine(args, switches, errors);
        if (errors.Count > 0)
        {
            throw Failure(errors);
        }

        var commandLine = new ConfigurationBuilder().AddCommandLine(args, switches).Build();
        var fromEnvironment = all.Where(s => s.EnvironmentVariable is not null && Variable(s.EnvironmentVariable) is not null)
            .ToDictionary(s => s.Key, s => Variable(s.EnvironmentVariable!));
        var layers = new List<(string Origin, IConfiguration Values)>();
        var file = commandLine[_configFile.Key] ?? fromEnvironment.GetValueOrDefault(_configFile.Key);
        if (file is not null)
        {
            layers.Add(($"config file {file}", ReadFile(file, errors)));
        }

        layers.Add(("environment", new ConfigurationBuilder().AddInMemoryCollection(fromEnvironment).Build()));
        layers.Add(("command line", commandLine));
        var merged = new ConfigurationBuilder();
        foreach (var (_, values) in layers)
        {
            merged.AddConfiguration(values);
        }

        var configuration = merged.Build();
        var settings = new T();
        foreach (var source in _sources)
        {
            Bind(settings, source, configuration, OriginOf(source, layers), errors);
        }

        if (errors.Count == 0)
        {
            errors.AddRange(Annotations(settings));
            errors.AddRange(validate?.Invoke(settings) ?? []);
        }

        return errors.Count == 0 ? settings : throw Failure(errors);
    }

    /// <summary>The switches and environment variables, one per line, for a program's <c>--help</c>.</summary>
    public string Describe() => string.Join(Environment.NewLine, _sources.Append(_configFile).Select(s =>
        $"  {s.Switch,-28} {(s.EnvironmentVariable is null ? string.Empty : s.EnvironmentVariable),-34} config file key \"{s.Key}\""));

    private static void CheckCommandLine(string[] args, Dictionary<string, string> switches, List<string> errors)
    {
        for (var i = 0; i < args.Length; i++)
        {
            if (!switches.ContainsKey(args[i]))
            {
                errors.Add($"unknown argument \"{args[i]}\"");
            }
            else if (i + 1 >= args.Length)
            {
                errors.Add($"{args[i]} needs a value");
            }

            i++;
        }
    }

    private IConfiguration ReadFile(string path, List<string> errors)
    {
        try
        {
            var values = new ConfigurationBuilder().AddJsonFile(Path.GetFullPath(path), optional: false, reloadOnChange: false).Build();
            foreach (var key in values.AsEnumerable().Select(p => p.Key).Where(k => !k.Contains(':', StringComparison.Ordinal)))
            {
                if (!_sources.Any(s => string.Equals(s.Key, key, StringComparison.OrdinalIgnoreCase)))
                {
                    errors.Add($"config file {path}: unknown key \"{key}\"; known keys: {string.Join(", ", _sources.Select(s => s.Key))}");
                }
            }

            return values;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or FormatException or UnauthorizedAccessException)
        {
            errors.Add($"config file {path} could not be read: {e.Message}");
            return new ConfigurationBuilder().Build();
        }
    }

    private static string OriginOf(SettingSource source, List<(string Origin, IConfiguration Values)> layers)
    {
        for (var i = layers.Count - 1; i >= 0; i--)
        {
            if (layers[i].Values[source.Key] is not null)
            {
                return layers[i].Origin switch
                {
                    "command line" => source.Switch,
                    "environment" => source.EnvironmentVariable!,
                    var origin => $"\"{source.Key}\" in {origin}",
                };
            }
        }

        return source.Key;
    }

    private static void Bind(T settings, SettingSource source, IConfiguration configuration, string origin, List<string> errors)
    {
        var property = typeof(T).GetProperty(source.Key, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase)
            ?? throw new InvalidOperationException($"{typeof(T).Name} has no property {source.Key}");
        var text = configuration[source.Key];
        if (text is null)
        {
            return;
        }

        try
        {
            property.SetValue(settings, configuration.GetValue(property.PropertyType, source.Key));
        }
        catch (InvalidOperationException)
        {
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            var wanted = type == typeof(int) || type == typeof(long) ? "a whole number" : type == typeof(bool) ? "true or false" : type.Name;
            errors.Add($"{origin}: \"{text}\" is not {wanted}");
        }
    }

    private IEnumerable<string> Annotations(T settings)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(settings, new ValidationContext(settings), results, validateAllProperties: true);
        foreach (var result in results)
        {
            var key = result.MemberNames.FirstOrDefault() ?? "?";
            var source = _sources.FirstOrDefault(s => string.Equals(s.Key, key, StringComparison.OrdinalIgnoreCase));
            yield return $"{(source is null ? key : $"{source.Key} ({source.Switch}{(source.EnvironmentVariable is null ? string.Empty : $", {source.EnvironmentVariable}")})")}: {result.ErrorMessage}";
        }
    }

    private BerthException Failure(List<string> errors) => new(
        ErrorCodes.RequestInvalid,
        errors.Count == 1 ? errors[0] : $"{errors.Count} problems with the settings:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", errors),
        _usage);
}

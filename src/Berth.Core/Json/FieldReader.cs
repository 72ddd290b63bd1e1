using System.Globalization;

namespace Berth.Json;

/// <summary>
/// Reads the fields of one object node with type checks. Every field asked for becomes "known";
/// <see cref="ReportUnknown"/> then reports the rest, with the closest known name as a suggestion.
/// Null values count as absent, as in the hosted platform's SDK.
/// </summary>
internal sealed class FieldReader
{
    private readonly SourceNode _node;
    private readonly IssueCollector _issues;
    private readonly List<string> _known = [];
    private readonly HashSet<string> _taken = new(StringComparer.Ordinal);

    public FieldReader(SourceNode node, string path, IssueCollector issues)
    {
        _node = node;
        Path = path;
        _issues = issues;
        ReportDuplicates();
    }

    /// <summary>The field path of this object, e.g. <c>autoScaler</c>; empty for the root.</summary>
    public string Path { get; }

    public IssueCollector Issues => _issues;

    public IReadOnlyList<string> KnownNames => _known;

    public string FieldPath(string name) => Path.Length == 0 ? name : Path + "." + name;

    /// <summary>Marks <paramref name="name"/> known and returns its property when present and not null.</summary>
    public SourceProperty? Take(string name)
    {
        if (!_known.Contains(name))
        {
            _known.Add(name);
        }

        _taken.Add(name);
        var property = _node.Properties.FirstOrDefault(p => p.Name == name);
        return property is null || property.Value.Kind == SourceNodeKind.Null ? null : property;
    }

    /// <summary>The property named <paramref name="name"/>, without marking it known; for positions in messages.</summary>
    public SourceProperty? Find(string name) => _node.Properties.FirstOrDefault(p => p.Name == name);

    /// <summary>Adds an issue at the property <paramref name="name"/> (or at this object when absent).</summary>
    public void Report(string name, string message)
    {
        var property = Find(name);
        _issues.Add(property?.Line ?? _node.Line, property?.Column ?? _node.Column, FieldPath(name), message);
    }

    /// <summary>The value of <paramref name="name"/> as written in the file, e.g. <c>-1</c> or <c>"abc"</c>.</summary>
    public string Written(string name) => Find(name)?.Value.Describe() ?? "nothing";

    /// <summary>True when <paramref name="name"/> is present and not null; marks it known.</summary>
    public bool Has(string name) => Take(name) is not null;

    public string? String(string name)
    {
        var property = Take(name);
        if (property is null)
        {
            return null;
        }

        if (property.Value.Kind != SourceNodeKind.String)
        {
            return TypeError<string>(property, "a string");
        }

        return property.Value.Text;
    }

    public bool? Bool(string name)
    {
        var property = Take(name);
        return property?.Value.Kind switch
        {
            null => null,
            SourceNodeKind.True => true,
            SourceNodeKind.False => false,
            _ => TypeError<bool?>(property, "true or false"),
        };
    }

    public double? Number(string name)
    {
        var property = Take(name);
        if (property is null)
        {
            return null;
        }

        if (property.Value.Kind != SourceNodeKind.Number
            || !double.TryParse(property.Value.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return TypeError<double?>(property, "a number");
        }

        return value;
    }

    public int? Int(string name)
    {
        var property = Take(name);
        if (property is null)
        {
            return null;
        }

        if (property.Value.Kind != SourceNodeKind.Number
            || !double.TryParse(property.Value.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return TypeError<int?>(property, "a whole number");
        }

        if (value != Math.Floor(value) || value > int.MaxValue || value < int.MinValue)
        {
            return TypeError<int?>(property, "a whole number");
        }

        return (int)value;
    }

    /// <summary>Returns a reader for a nested object, or null when absent or not an object (reported).</summary>
    public FieldReader? Object(string name)
    {
        var property = Take(name);
        if (property is null)
        {
            return null;
        }

        if (property.Value.Kind != SourceNodeKind.Object)
        {
            return TypeError<FieldReader?>(property, "an object");
        }

        return new FieldReader(property.Value, FieldPath(name), _issues);
    }

    public IReadOnlyList<SourceNode>? List(string name)
    {
        var property = Take(name);
        if (property is null)
        {
            return null;
        }

        if (property.Value.Kind != SourceNodeKind.Array)
        {
            return TypeError<IReadOnlyList<SourceNode>?>(property, "a list");
        }

        return property.Value.Items;
    }

    public IReadOnlyList<string>? StringList(string name)
    {
        var items = List(name);
        if (items is null)
        {
            return null;
        }

        var result = new List<string>();
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i].Kind == SourceNodeKind.String)
            {
                result.Add(items[i].Text!);
            }
            else
            {
                _issues.Add(items[i].Line, items[i].Column, $"{FieldPath(name)}[{i}]", $"expected a string, got {items[i].Describe()}");
            }
        }

        return result;
    }

    /// <summary>An object whose values are strings (numbers and booleans are taken as written), such as tags.</summary>
    public IReadOnlyDictionary<string, string>? StringMap(string name)
    {
        var property = Take(name);
        if (property is null)
        {
            return null;
        }

        if (property.Value.Kind != SourceNodeKind.Object)
        {
            return TypeError<IReadOnlyDictionary<string, string>?>(property, "an object of string values");
        }

        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in property.Value.Properties)
        {
            var value = entry.Value;
            switch (value.Kind)
            {
                case SourceNodeKind.String or SourceNodeKind.Number:
                    result[entry.Name] = value.Text!;
                    break;
                case SourceNodeKind.True or SourceNodeKind.False:
                    result[entry.Name] = value.Describe();
                    break;
                default:
                    _issues.Add(entry, FieldPath(name) + "." + entry.Name, $"expected a string, got {value.Describe()}");
                    break;
            }
        }

        return result;
    }

    /// <summary>Reports every property that was never asked for.</summary>
    /// <param name="context">Where the fields are, for the message, e.g. "a kubernetes deployment config".</param>
    /// <param name="notHere">Names known elsewhere (e.g. for another compute type) with the sentence to show instead.</param>
    public void ReportUnknown(string context, Func<string, string?>? notHere = null)
    {
        foreach (var property in _node.Properties.Where(p => !_taken.Contains(p.Name)))
        {
            var field = FieldPath(property.Name);
            var special = notHere?.Invoke(property.Name);
            if (special is not null)
            {
                _issues.Add(property, field, special);
                continue;
            }

            var suggestion = NameSuggester.Closest(property.Name, _known);
            var message = $"unknown field \"{property.Name}\" in {context}";
            if (suggestion is not null)
            {
                message += $"; did you mean \"{suggestion}\"?";
            }

            message += " Allowed fields: " + string.Join(", ", _known) + ".";
            _issues.Add(property, field, message);
        }
    }

    private T TypeError<T>(SourceProperty property, string expected)
    {
        _issues.Add(property, FieldPath(property.Name), $"expected {expected}, got {property.Value.Describe()}");
        return default!;
    }

    private void ReportDuplicates()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in _node.Properties)
        {
            if (!seen.Add(property.Name))
            {
                _issues.Add(property, FieldPath(property.Name), $"duplicate field \"{property.Name}\"; only one may be given");
            }
        }
    }
}

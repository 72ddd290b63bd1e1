using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Berth.Environments;

/// <summary>Source-generated JSON for storing environment definitions (works when reflection is off, e.g. trimmed or AOT builds).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(EnvironmentDefinition))]
internal sealed partial class EnvironmentJsonContext : JsonSerializerContext
{
    /// <summary>The definition's type info with readable escaping (<c>&gt;=</c> stays <c>&gt;=</c>).</summary>
    public static JsonTypeInfo<EnvironmentDefinition> Storage { get; } = CreateStorage();

    private static JsonTypeInfo<EnvironmentDefinition> CreateStorage()
    {
        var options = new JsonSerializerOptions
        {
            TypeInfoResolver = new EnvironmentJsonContext(),
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            PropertyNameCaseInsensitive = true,
            WriteIndented = true,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        return (JsonTypeInfo<EnvironmentDefinition>)options.GetTypeInfo(typeof(EnvironmentDefinition));
    }
}

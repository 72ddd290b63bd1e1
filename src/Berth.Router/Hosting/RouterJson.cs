using System.Text.Encodings.Web;
using System.Text.Json;

namespace Berth.Router.Hosting;

/// <summary>JSON settings of the admin API and the state files: camelCase, as the rest of Berth's API.</summary>
internal static class RouterJson
{
    public static readonly JsonSerializerOptions Options = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static readonly JsonSerializerOptions Indented = new(Options) { WriteIndented = true };

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        return options;
    }
}

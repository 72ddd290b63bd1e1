using System.Text.Json;
using Berth.Api.V1;
using Berth.Errors;
using Berth.Router.Hosting;

namespace Berth.Router.Table;

/// <summary>
/// routes.json in the state folder: every route with its actual port, saved by writing a temporary file, flushing
/// it to disk and renaming it over the old one, so a crash leaves either the old table or the new one. The file
/// holds the keys, so only its owner may read it.
/// </summary>
internal sealed class RouteStore(string stateDirectory)
{
    public const string FileName = "routes.json";

    public string Path { get; } = System.IO.Path.Combine(stateDirectory, FileName);

    public IReadOnlyList<RouteSpec> Load()
    {
        if (!File.Exists(Path))
        {
            return [];
        }

        try
        {
            var file = JsonSerializer.Deserialize<RouteFile>(File.ReadAllText(Path), RouterJson.Options);
            return file?.Routes ?? [];
        }
        catch (JsonException e)
        {
            throw new BerthException(RouterErrorCodes.RouteInvalid, $"{Path} is not a valid route table: {e.Message}", "fix or delete the file; the control plane puts every route again when it finds the router");
        }
    }

    public void Save(IEnumerable<RouteSpec> routes)
    {
        var temporary = Path + ".tmp";
        var options = new FileStreamOptions
        {
            Mode = FileMode.Create,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        };
        using (var stream = new FileStream(temporary, options))
        {
            JsonSerializer.Serialize(stream, new RouteFile(routes.OrderBy(r => r.Service, StringComparer.Ordinal).ToList()), RouterJson.Indented);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, Path, overwrite: true);
    }

    private sealed record RouteFile(IReadOnlyList<RouteSpec> Routes);
}

using System.Text.Json;
using System.Text.Json.Serialization;
using Berth.Server.Workspace;

namespace Berth.Server.Services;

/// <summary>Persists <see cref="ServiceRecord"/>s in the workspace database.</summary>
internal sealed class ServiceStore(WorkspaceDatabase database)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public void Save(ServiceRecord record)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO services (name, record) VALUES ($name, $record) ON CONFLICT (name) DO UPDATE SET record = excluded.record";
        command.Parameters.AddWithValue("$name", record.Name);
        command.Parameters.AddWithValue("$record", JsonSerializer.Serialize(record, Json));
        command.ExecuteNonQuery();
    }

    public void Delete(string name)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM services WHERE name = $name";
        command.Parameters.AddWithValue("$name", name);
        command.ExecuteNonQuery();
    }

    public IReadOnlyList<ServiceRecord> All()
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT record FROM services ORDER BY name";
        var result = new List<ServiceRecord>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            result.Add(JsonSerializer.Deserialize<ServiceRecord>(reader.GetString(0), Json)!);
        }

        return result;
    }
}

using System.Globalization;
using System.Text.Json;
using Berth.Api.V1;
using Microsoft.Data.Sqlite;

namespace Berth.Server.Registry;

/// <summary>SQL for the <c>models</c> and <c>model_files</c> tables.</summary>
internal static class ModelRows
{
    public static void Insert(SqliteConnection connection, SqliteTransaction transaction, ModelDto model)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO models (name, version, description, tags, properties, created_at, root_name, is_folder, size_bytes, file_count)
            VALUES ($name, $version, $description, $tags, $properties, $created, $root, $folder, $size, $count)
            """;
        command.Parameters.AddWithValue("$name", model.Name);
        command.Parameters.AddWithValue("$version", model.Version);
        command.Parameters.AddWithValue("$description", (object?)model.Description ?? DBNull.Value);
        command.Parameters.AddWithValue("$tags", JsonSerializer.Serialize(model.Tags));
        command.Parameters.AddWithValue("$properties", JsonSerializer.Serialize(model.Properties));
        command.Parameters.AddWithValue("$created", model.CreatedAt.ToString("O", CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("$root", model.RootName);
        command.Parameters.AddWithValue("$folder", model.IsFolder ? 1 : 0);
        command.Parameters.AddWithValue("$size", model.SizeBytes);
        command.Parameters.AddWithValue("$count", model.FileCount);
        command.ExecuteNonQuery();

        command.Parameters.Clear();
        command.CommandText = "INSERT INTO model_files (name, version, path, size_bytes, sha256) VALUES ($name, $version, $path, $size, $sha)";
        var path = command.Parameters.Add("$path", SqliteType.Text);
        var size = command.Parameters.Add("$size", SqliteType.Integer);
        var sha = command.Parameters.Add("$sha", SqliteType.Text);
        command.Parameters.AddWithValue("$name", model.Name);
        command.Parameters.AddWithValue("$version", model.Version);
        foreach (var file in model.Files)
        {
            path.Value = file.Path;
            size.Value = file.SizeBytes;
            sha.Value = file.Sha256;
            command.ExecuteNonQuery();
        }
    }

    public static List<ModelDto> Query(SqliteConnection connection, string? name, int? version, bool withFiles)
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT name, version, description, tags, properties, created_at, root_name, is_folder, size_bytes, file_count
            FROM models WHERE ($name IS NULL OR name = $name) AND ($version IS NULL OR version = $version)
            ORDER BY name, version
            """;
        command.Parameters.AddWithValue("$name", (object?)name ?? DBNull.Value);
        command.Parameters.AddWithValue("$version", (object?)version ?? DBNull.Value);
        var models = new List<ModelDto>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                models.Add(new ModelDto(
                    reader.GetString(0), reader.GetInt32(1), reader.IsDBNull(2) ? null : reader.GetString(2),
                    JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(3))!,
                    JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(4))!,
                    DateTimeOffset.Parse(reader.GetString(5), CultureInfo.InvariantCulture),
                    reader.GetString(6), reader.GetInt32(7) != 0, reader.GetInt64(8), reader.GetInt32(9), []));
            }
        }

        return withFiles ? models.Select(m => m with { Files = Files(connection, m.Name, m.Version) }).ToList() : models;
    }

    public static int Delete(SqliteConnection connection, SqliteTransaction transaction, string name, int version)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "DELETE FROM model_files WHERE name = $name AND version = $version; DELETE FROM models WHERE name = $name AND version = $version";
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$version", version);
        return command.ExecuteNonQuery();
    }

    private static List<ModelFileDto> Files(SqliteConnection connection, string name, int version)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT path, size_bytes, sha256 FROM model_files WHERE name = $name AND version = $version ORDER BY path";
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$version", version);
        var files = new List<ModelFileDto>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            files.Add(new ModelFileDto(reader.GetString(0), reader.GetInt64(1), reader.GetString(2)));
        }

        return files;
    }
}

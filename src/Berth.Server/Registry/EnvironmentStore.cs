using System.Globalization;
using System.Text.Json;
using Berth.Api.V1;
using Berth.Errors;
using Berth.Naming;
using Berth.Server.Workspace;
using Microsoft.Data.Sqlite;

namespace Berth.Server.Registry;

/// <summary>
/// Named, versioned environments keyed by the hash of their canonical definition: registering a
/// definition identical to the latest version of that name returns that version instead of a new one.
/// </summary>
internal sealed class EnvironmentStore(WorkspaceDatabase database, TimeProvider time)
{
    public EnvironmentDto Register(string name, string hash, string canonicalJson)
    {
        if (NameRules.Validate(name, "environment name") is string nameError)
        {
            throw new BerthException(ErrorCodes.ModelNameInvalid.Replace("model", "environment", StringComparison.Ordinal), nameError, "choose another --name");
        }

        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        var latest = Query(connection, transaction, name, null).MaxBy(e => e.Version);
        if (latest is not null && latest.Hash == hash)
        {
            return latest with { Reused = true };
        }

        var version = (latest?.Version ?? 0) + 1;
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "INSERT INTO environments (name, version, hash, definition, created_at) VALUES ($name, $version, $hash, $definition, $created)";
        var created = time.GetUtcNow();
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$version", version);
        command.Parameters.AddWithValue("$hash", hash);
        command.Parameters.AddWithValue("$definition", canonicalJson);
        command.Parameters.AddWithValue("$created", created.ToString("O", CultureInfo.InvariantCulture));
        command.ExecuteNonQuery();
        transaction.Commit();
        return new EnvironmentDto(name, version, hash, created, false, Parse(canonicalJson));
    }

    public IReadOnlyList<EnvironmentDto> List(string? name)
    {
        using var connection = database.Open();
        return Query(connection, null, name, null);
    }

    public EnvironmentDto Get(string name, int? version)
    {
        using var connection = database.Open();
        var all = Query(connection, null, name, null);
        var found = version is null ? all.MaxBy(e => e.Version) : all.FirstOrDefault(e => e.Version == version);
        if (found is not null)
        {
            return found;
        }

        return all.Count == 0
            ? throw new BerthException(ErrorCodes.EnvironmentNotFound, $"no environment named \"{name}\" is registered", "see `berth env list` for the registered environments")
            : throw new BerthException(ErrorCodes.EnvironmentNotFound, $"environment {name} has no version {version}", $"its versions are {string.Join(", ", all.Select(e => e.Version))}");
    }

    private static List<EnvironmentDto> Query(SqliteConnection connection, SqliteTransaction? transaction, string? name, int? version)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            SELECT name, version, hash, definition, created_at FROM environments
            WHERE ($name IS NULL OR name = $name) AND ($version IS NULL OR version = $version) ORDER BY name, version
            """;
        command.Parameters.AddWithValue("$name", (object?)name ?? DBNull.Value);
        command.Parameters.AddWithValue("$version", (object?)version ?? DBNull.Value);
        var result = new List<EnvironmentDto>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            result.Add(new EnvironmentDto(
                reader.GetString(0), reader.GetInt32(1), reader.GetString(2),
                DateTimeOffset.Parse(reader.GetString(4), CultureInfo.InvariantCulture), false, Parse(reader.GetString(3))));
        }

        return result;
    }

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}

using Microsoft.Data.Sqlite;

namespace Berth.Server.Workspace;

/// <summary>The workspace's SQLite database: opens connections and creates the schema.</summary>
internal sealed class WorkspaceDatabase
{
    private const int SchemaVersion = 1;

    private const string Schema = """
        CREATE TABLE IF NOT EXISTS schema_info (version INTEGER NOT NULL);
        CREATE TABLE IF NOT EXISTS models (
            name TEXT NOT NULL,
            version INTEGER NOT NULL,
            description TEXT,
            tags TEXT NOT NULL,
            properties TEXT NOT NULL,
            created_at TEXT NOT NULL,
            root_name TEXT NOT NULL,
            is_folder INTEGER NOT NULL,
            size_bytes INTEGER NOT NULL,
            file_count INTEGER NOT NULL,
            PRIMARY KEY (name, version));
        CREATE TABLE IF NOT EXISTS model_files (
            name TEXT NOT NULL,
            version INTEGER NOT NULL,
            path TEXT NOT NULL,
            size_bytes INTEGER NOT NULL,
            sha256 TEXT NOT NULL,
            PRIMARY KEY (name, version, path),
            FOREIGN KEY (name, version) REFERENCES models (name, version) ON DELETE CASCADE);
        CREATE TABLE IF NOT EXISTS environments (
            name TEXT NOT NULL,
            version INTEGER NOT NULL,
            hash TEXT NOT NULL,
            definition TEXT NOT NULL,
            created_at TEXT NOT NULL,
            PRIMARY KEY (name, version));
        CREATE INDEX IF NOT EXISTS environments_hash ON environments (hash);
        CREATE TABLE IF NOT EXISTS services (name TEXT PRIMARY KEY, record TEXT NOT NULL);
        CREATE TABLE IF NOT EXISTS computes (
            name TEXT PRIMARY KEY,
            type TEXT NOT NULL,
            context TEXT NOT NULL,
            namespace TEXT NOT NULL,
            registry TEXT,
            attached_at TEXT NOT NULL);
        """;

    private readonly string _connectionString;

    public WorkspaceDatabase(WorkspaceLayout layout)
    {
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = layout.DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            ForeignKeys = true,
            DefaultTimeout = 30,
        }.ToString();
    }

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    public void EnsureSchema()
    {
        using var connection = Open();
        using (var wal = connection.CreateCommand())
        {
            wal.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;";
            wal.ExecuteNonQuery();
        }

        using var transaction = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = Schema;
        command.ExecuteNonQuery();
        command.CommandText = "SELECT COUNT(*) FROM schema_info";
        if (Convert.ToInt64(command.ExecuteScalar()) == 0)
        {
            command.CommandText = $"INSERT INTO schema_info (version) VALUES ({SchemaVersion})";
            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }
}

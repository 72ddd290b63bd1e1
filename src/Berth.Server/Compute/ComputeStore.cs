using System.Globalization;
using System.Text;
using Berth.Compute;
using Berth.Errors;
using Berth.Security;
using Berth.Server.Workspace;
using Microsoft.Data.Sqlite;

namespace Berth.Server.Compute;

/// <summary>
/// The attached compute targets: a row of <c>computes</c> per target and a copy of its kubeconfig in
/// <c>computes/&lt;name&gt;/kubeconfig</c> (folder 0700, file 0600). An attach writes the copy completely to a pending
/// file named after the row's <c>attached_at</c>, commits the row, then renames the pending file into place; a detach
/// deletes the row, then the folder. <see cref="Recover"/> (at start) finishes what a crash interrupted: a pending file
/// whose name matches its row's time is renamed into place (the row was committed), any other is deleted, and a
/// folder without a row is removed. So a reader sees a row and its kubeconfig, or neither. Nothing here talks to a
/// cluster: <see cref="ComputeAttacher"/> checks everything before <see cref="Attach"/> is called.
/// </summary>
internal sealed class ComputeStore(WorkspaceLayout layout, WorkspaceDatabase database, TimeProvider time)
{
    private const string KubeconfigFileName = "kubeconfig";
    private const string PendingSuffix = ".pending";

    // One writer and no reader between an attach's commit and its rename.
    private readonly Lock _gate = new();

    public ComputeRecord? Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        lock (_gate)
        {
            using var connection = database.Open();
            return Query(connection, null, name).FirstOrDefault();
        }
    }

    /// <summary>The target named <paramref name="name"/>, or <c>compute.not_found</c>.</summary>
    public ComputeRecord Require(string name) => Find(name) ?? throw NotFound(name);

    public IReadOnlyList<ComputeRecord> List()
    {
        lock (_gate)
        {
            using var connection = database.Open();
            return Query(connection, null, null);
        }
    }

    /// <summary>
    /// Stores a checked target with a copy of <paramref name="kubeconfig"/>. A target of that name is refused with
    /// <c>compute.exists</c> unless <paramref name="overwrite"/>, which replaces its row and its kubeconfig.
    /// </summary>
    public ComputeRecord Attach(string name, string kubeconfig, string context, string @namespace, string? registry, bool overwrite)
    {
        ArgumentNullException.ThrowIfNull(kubeconfig);
        if (ComputeRules.ValidateName(name) is { } nameError)
        {
            throw new BerthException(ComputeErrorCodes.NameInvalid, nameError, "choose another --name");
        }

        var directory = layout.ComputeDirectory(name);
        var record = new ComputeRecord(
            name, ComputeRecord.KubernetesType, Path.Combine(directory, KubeconfigFileName), context, @namespace, registry, time.GetUtcNow());
        lock (_gate)
        {
            EnsureOwnerOnlyDirectory(layout.ComputesDirectory);
            EnsureOwnerOnlyDirectory(directory);
            var pending = PendingPath(directory, record.AttachedAt);
            try
            {
                WriteOwnerOnly(pending, kubeconfig);
                Commit(record, overwrite);
            }
            catch
            {
                File.Delete(pending);
                if (!Exists(name))
                {
                    DeleteTree(directory);
                }

                throw;
            }

            File.Move(pending, record.KubeconfigPath, overwrite: true);
            return record;
        }
    }

    /// <summary>Removes the row, then the kubeconfig copy; <c>compute.not_found</c> when none is attached by that name.</summary>
    public void Detach(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        lock (_gate)
        {
            using (var connection = database.Open())
            using (var command = connection.CreateCommand())
            {
                command.CommandText = "DELETE FROM computes WHERE name = $name";
                command.Parameters.AddWithValue("$name", name);
                if (command.ExecuteNonQuery() == 0)
                {
                    throw NotFound(name);
                }
            }

            // A crash here leaves a folder without a row: Recover removes it.
            DeleteTree(layout.ComputeDirectory(name));
        }
    }

    /// <summary>Finishes or undoes what an interrupted attach or detach left; returns the paths it removed or completed.</summary>
    public IReadOnlyList<string> Recover()
    {
        var changed = new List<string>();
        if (!Directory.Exists(layout.ComputesDirectory))
        {
            return changed;
        }

        lock (_gate)
        {
            using var connection = database.Open();
            var rows = Query(connection, null, null).ToDictionary(r => r.Name, StringComparer.Ordinal);
            foreach (var directory in Directory.EnumerateDirectories(layout.ComputesDirectory))
            {
                if (!rows.TryGetValue(Path.GetFileName(directory), out var record))
                {
                    DeleteTree(directory);
                    changed.Add(directory);
                    continue;
                }

                foreach (var pending in Directory.EnumerateFiles(directory, "*" + PendingSuffix))
                {
                    if (pending == PendingPath(directory, record.AttachedAt))
                    {
                        File.Move(pending, record.KubeconfigPath, overwrite: true);
                    }
                    else
                    {
                        File.Delete(pending);
                    }

                    changed.Add(pending);
                }
            }
        }

        return changed;
    }

    private bool Exists(string name)
    {
        using var connection = database.Open();
        return Query(connection, null, name).Count > 0;
    }

    private void Commit(ComputeRecord record, bool overwrite)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        if (!overwrite && Query(connection, transaction, record.Name).Count > 0)
        {
            throw AlreadyAttached(record.Name);
        }

        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO computes (name, type, context, namespace, registry, attached_at)
            VALUES ($name, $type, $context, $namespace, $registry, $attached)
            ON CONFLICT (name) DO UPDATE SET type = $type, context = $context, namespace = $namespace, registry = $registry, attached_at = $attached
            """;
        command.Parameters.AddWithValue("$name", record.Name);
        command.Parameters.AddWithValue("$type", record.Type);
        command.Parameters.AddWithValue("$context", record.Context);
        command.Parameters.AddWithValue("$namespace", record.Namespace);
        command.Parameters.AddWithValue("$registry", (object?)record.Registry ?? DBNull.Value);
        command.Parameters.AddWithValue("$attached", record.AttachedAt.ToString("O", CultureInfo.InvariantCulture));
        command.ExecuteNonQuery();
        transaction.Commit();
    }

    private List<ComputeRecord> Query(SqliteConnection connection, SqliteTransaction? transaction, string? name)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            SELECT name, type, context, namespace, registry, attached_at FROM computes
            WHERE ($name IS NULL OR name = $name) ORDER BY name
            """;
        command.Parameters.AddWithValue("$name", (object?)name ?? DBNull.Value);
        var result = new List<ComputeRecord>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var rowName = reader.GetString(0);
            result.Add(new ComputeRecord(
                rowName, reader.GetString(1), Path.Combine(layout.ComputeDirectory(rowName), KubeconfigFileName), reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), DateTimeOffset.Parse(reader.GetString(5), CultureInfo.InvariantCulture)));
        }

        return result;
    }

    /// <summary>The pending copy of an attach made at <paramref name="attachedAt"/>: its name ties it to the row it belongs to.</summary>
    private static string PendingPath(string directory, DateTimeOffset attachedAt) =>
        Path.Combine(directory, $"{KubeconfigFileName}.{attachedAt.UtcTicks.ToString(CultureInfo.InvariantCulture)}{PendingSuffix}");

    private static void EnsureOwnerOnlyDirectory(string path)
    {
        Directory.CreateDirectory(path, WorkspacePermissions.OwnerOnlyDirectory);
        File.SetUnixFileMode(path, WorkspacePermissions.OwnerOnlyDirectory); // also when it existed, made by hand
    }

    private static void WriteOwnerOnly(string path, string text)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, UnixCreateMode = SecretFile.OwnerOnly };
        using var stream = new FileStream(path, options);
        stream.Write(Encoding.UTF8.GetBytes(text));
        stream.Flush(flushToDisk: true);
    }

    private static void DeleteTree(string directory)
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>The refusal of an attach under a name that is taken.</summary>
    public static BerthException AlreadyAttached(string name) => new(
        ComputeErrorCodes.Exists, $"a compute target named \"{name}\" is attached already",
        $"detach it first (`berth compute detach {name}`), attach under another --name, or pass --overwrite to replace it");

    private static BerthException NotFound(string name) =>
        new(ComputeErrorCodes.NotFound, $"no compute target named \"{name}\" is attached", "see `berth compute list` for the attached compute targets");
}

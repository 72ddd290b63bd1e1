using Berth.Api.V1;
using Berth.Errors;
using Berth.Naming;
using Berth.Server.Access;
using Berth.Server.Uploads;
using Berth.Server.Workspace;
using Microsoft.Data.Sqlite;

namespace Berth.Server.Registry;

/// <summary>
/// The model registry. A registration copies and hashes the files into <c>tmp/</c>, then, in one SQLite
/// transaction, takes the next version, renames the staged folder to <c>models/&lt;name&gt;/&lt;version&gt;</c>
/// and records it. A crash leaves either the whole version or nothing: <see cref="Recover"/> (run at
/// start) deletes staging leftovers and any version folder the database does not know. An uploaded model is staged
/// where it was received (its upload folder in <c>tmp/</c>); a server-side path is copied, only as the caller may read it.
/// </summary>
internal sealed class ModelStore(WorkspaceLayout layout, WorkspaceDatabase database, UploadStore uploads, TimeProvider time)
{
    private readonly SemaphoreSlim _commitGate = new(1, 1);

    public async Task<ModelDto> RegisterAsync(RegisterModelRequest request, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(request);

        // An upload is used once, whatever happens: taken first, deleted with the staging folder on any refusal.
        var upload = request is { UploadId: { } id, Path: null } ? uploads.Take(id) : null;
        try
        {
            if (NameRules.Validate(request.Name, "model name") is string nameError)
            {
                throw new BerthException(ErrorCodes.ModelNameInvalid, nameError, "choose another --name");
            }

            ValidatePairs(request.Tags, "tag");
            ValidatePairs(request.Properties, "property");
        }
        catch when (upload is not null)
        {
            UploadStore.Delete(upload);
            throw;
        }

        using var staged = upload is null ? await StageAsync(request, caller, cancellationToken) : await StagedModel.FromUploadAsync(upload, cancellationToken);
        await _commitGate.WaitAsync(cancellationToken);
        try
        {
            return Commit(request, staged);
        }
        finally
        {
            _commitGate.Release();
        }
    }

    private async Task<StagedModel> StageAsync(RegisterModelRequest request, Caller caller, CancellationToken cancellationToken)
    {
        switch (request)
        {
            case { UploadId: null, Path: { } path }:
                if (!Path.IsPathRooted(path))
                {
                    throw new BerthException(ErrorCodes.ModelPathInvalid, $"the model path \"{path}\" is not an absolute path", "the CLI and SDK make paths absolute; API callers must send an absolute path");
                }

                await caller.EnsureReadableAsync(path, "the model path", ErrorCodes.ModelPathNotReadable, cancellationToken);
                return await StagedModel.CreateAsync(path, layout.TempDirectory, cancellationToken);
            default:
                throw new BerthException(ErrorCodes.RequestInvalid, "a registration names either an uploadId or a path, not both and not neither", "upload the model (POST /api/v1/uploads) and send its uploadId; or send the absolute path of a file or folder on the server's machine");
        }
    }

    private ModelDto Commit(RegisterModelRequest request, StagedModel staged)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        var version = NextVersion(connection, transaction, request.Name);
        var target = layout.ModelVersionDirectory(request.Name, version);
        var model = new ModelDto(
            request.Name, version, request.Description,
            request.Tags ?? new Dictionary<string, string>(), request.Properties ?? new Dictionary<string, string>(),
            time.GetUtcNow(), staged.RootName, staged.IsFolder, staged.SizeBytes, staged.Files.Count, staged.Files);
        staged.MoveTo(target);
        try
        {
            ModelRows.Insert(connection, transaction, model);
            transaction.Commit();
            return model;
        }
        catch
        {
            StagedModel.DeleteTree(target);
            throw;
        }
    }

    public IReadOnlyList<ModelDto> List(string? name, IReadOnlyDictionary<string, string>? tags)
    {
        using var connection = database.Open();
        return ModelRows.Query(connection, name, version: null, withFiles: false)
            .Where(m => tags is null || tags.All(t => m.Tags.TryGetValue(t.Key, out var v) && (t.Value.Length == 0 || v == t.Value)))
            .ToList();
    }

    /// <summary>The named version, or the latest when <paramref name="version"/> is null.</summary>
    public ModelDto Get(string name, int? version)
    {
        using var connection = database.Open();
        var rows = ModelRows.Query(connection, name, version, withFiles: true);
        var model = version is null ? rows.MaxBy(m => m.Version) : rows.FirstOrDefault();
        return model ?? throw NotFound(connection, name, version);
    }

    /// <summary>The full path of one file of a model version, after checking the file belongs to it.</summary>
    public string ResolveFile(string name, int version, string relativePath)
    {
        var model = Get(name, version);
        if (model.Files.All(f => f.Path != relativePath))
        {
            throw new BerthException(ErrorCodes.FileNotFound, $"model {name}:{version} has no file \"{relativePath}\"", $"list its files with `berth model show {name}:{version}`");
        }

        return Path.Combine(layout.ModelVersionDirectory(name, version), relativePath);
    }

    public void Delete(string name, int version, Func<string, int, string?> usedBy)
    {
        if (usedBy(name, version) is string service)
        {
            throw new BerthException(ErrorCodes.ModelInUse, $"model {name}:{version} is used by service {service}", $"delete or update service {service} first");
        }

        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        if (ModelRows.Delete(connection, transaction, name, version) == 0)
        {
            throw NotFound(connection, name, version);
        }

        transaction.Commit();

        // The record is gone; a crash before the folder is removed leaves an orphan that Recover deletes.
        var directory = layout.ModelVersionDirectory(name, version);
        StagedModel.DeleteTree(directory);
        TryDeleteEmpty(Path.GetDirectoryName(directory)!);
    }

    /// <summary>Removes what an interrupted registration or deletion left behind. Returns what it removed.</summary>
    public IReadOnlyList<string> Recover()
    {
        var removed = new List<string>();
        foreach (var leftover in Directory.EnumerateDirectories(layout.TempDirectory))
        {
            StagedModel.DeleteTree(leftover);
            removed.Add(leftover);
        }

        using var connection = database.Open();
        var known = ModelRows.Query(connection, null, null, withFiles: false).Select(m => (m.Name, m.Version)).ToHashSet();
        foreach (var nameDir in Directory.EnumerateDirectories(layout.ModelsDirectory))
        {
            foreach (var versionDir in Directory.EnumerateDirectories(nameDir))
            {
                var name = Path.GetFileName(nameDir);
                if (!int.TryParse(Path.GetFileName(versionDir), out var version) || !known.Contains((name, version)))
                {
                    StagedModel.DeleteTree(versionDir);
                    removed.Add(versionDir);
                }
            }

            TryDeleteEmpty(nameDir);
        }

        return removed;
    }

    private static int NextVersion(SqliteConnection connection, SqliteTransaction transaction, string name)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT COALESCE(MAX(version), 0) + 1 FROM models WHERE name = $name";
        command.Parameters.AddWithValue("$name", name);
        return Convert.ToInt32(command.ExecuteScalar());
    }

    private static BerthException NotFound(SqliteConnection connection, string name, int? version)
    {
        var versions = ModelRows.Query(connection, name, null, withFiles: false).Select(m => m.Version).Order().ToList();
        if (versions.Count == 0)
        {
            return new BerthException(ErrorCodes.ModelNotFound, $"no model named \"{name}\" is registered", "see `berth model list` for the registered models");
        }

        return new BerthException(ErrorCodes.ModelNotFound, $"model {name} has no version {version}", $"its versions are {string.Join(", ", versions)}");
    }

    private static void ValidatePairs(IReadOnlyDictionary<string, string>? pairs, string what)
    {
        foreach (var key in pairs?.Keys ?? Enumerable.Empty<string>())
        {
            if (string.IsNullOrWhiteSpace(key) || key.Contains('='))
            {
                throw new BerthException(ErrorCodes.TagInvalid, $"{what} key \"{key}\" is not valid", $"write each {what} as KEY=VALUE with a non-empty KEY");
            }
        }
    }

    private static void TryDeleteEmpty(string directory)
    {
        if (Directory.Exists(directory) && !Directory.EnumerateFileSystemEntries(directory).Any())
        {
            Directory.Delete(directory);
        }
    }
}

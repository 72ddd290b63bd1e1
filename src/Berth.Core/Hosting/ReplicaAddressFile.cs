using System.Text.Json;

namespace Berth.Hosting;

/// <summary>
/// The file a replica publishes its <see cref="ReplicaAddress"/> in (<c>berth-scoring --address_file PATH</c>), written
/// as the router writes router.json: a temporary file, then a rename over the target, so a reader sees either no
/// file, the previous one, or the whole new one, never a partly written one.
/// </summary>
public static class ReplicaAddressFile
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Writes <paramref name="address"/> to <paramref name="path"/> atomically.</summary>
    public static void Write(string path, ReplicaAddress address)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(address, Json));
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The address in <paramref name="path"/> when the file exists and names process <paramref name="pid"/> (any, when null: a container's own pid is not this machine's); else null.</summary>
    /// <remarks>A file naming another pid was left by an earlier process of the same replica slot: it is not this one's address.</remarks>
    public static ReplicaAddress? TryRead(string path, int? pid)
    {
        try
        {
            var address = JsonSerializer.Deserialize<ReplicaAddress>(File.ReadAllText(path), Json);
            return address is { Url.Length: > 0 } && (pid is null || address.Pid == pid) ? address : null;
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}

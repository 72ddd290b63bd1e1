namespace Berth.Server.Uploads;

/// <summary>Limits of <c>POST /api/v1/uploads</c> and how long an unused upload is kept.</summary>
internal sealed record UploadOptions(long MaxBytes, int MaxEntries, TimeSpan Expiry)
{
    /// <summary>The most files and folders one upload may hold.</summary>
    public const int DefaultMaxEntries = 200_000;

    /// <summary>How long an upload no deploy or registration used is kept.</summary>
    public static readonly TimeSpan DefaultExpiry = TimeSpan.FromHours(1);

    /// <summary>The server's <c>uploadMaxBytes</c> setting, with the default entry limit and expiry.</summary>
    public static UploadOptions From(ServerOptions options) => new(options.UploadMaxBytes, DefaultMaxEntries, DefaultExpiry);
}

namespace Berth.Server.Uploads;

/// <summary>Limits of <c>POST /api/v1/uploads</c> and how long an unused upload is kept.</summary>
internal sealed record UploadOptions(long MaxBytes, int MaxEntries, TimeSpan Expiry)
{
    /// <summary>20 GiB, 200,000 entries, one hour; BERTH_UPLOAD_MAX_BYTES overrides the size (tests).</summary>
    public static UploadOptions FromEnvironment()
    {
        var max = long.TryParse(Environment.GetEnvironmentVariable("BERTH_UPLOAD_MAX_BYTES"), out var bytes) && bytes > 0 ? bytes : 20L << 30;
        return new UploadOptions(max, 200_000, TimeSpan.FromHours(1));
    }
}

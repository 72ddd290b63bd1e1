namespace Berth.Scoring.Tests.Infrastructure;

/// <summary>Writes a one-off entry script into its own temporary directory.</summary>
internal static class TempScript
{
    public static string Write(string fileName, string source)
    {
        var dir = Directory.CreateTempSubdirectory("berth-script-").FullName;
        var path = Path.Combine(dir, fileName);
        File.WriteAllText(path, source);
        return path;
    }
}

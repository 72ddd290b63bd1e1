// Compiled into every score.cs by berth-scoring.
namespace Berth.Scoring
{
    /// <summary>Finds registered models inside the service, as the platform's Model.get_model_path() does.</summary>
    public static class Model
    {
        /// <summary>AZUREML_MODEL_DIR as an absolute path (relative values are under AML_APP_ROOT), or null when unset.</summary>
        public static string? ModelDir
        {
            get
            {
                var dir = Environment.GetEnvironmentVariable("AZUREML_MODEL_DIR");
                if (string.IsNullOrEmpty(dir)) return null;
                return Path.GetFullPath(dir, Environment.GetEnvironmentVariable("AML_APP_ROOT") ?? Directory.GetCurrentDirectory());
            }
        }

        /// <summary>
        /// The path of model <paramref name="modelName"/>: <c>$AML_APP_ROOT/azureml-models/name/version/the-one-entry</c>
        /// (highest version when none is given), else <paramref name="modelName"/> under the current directory.
        /// </summary>
        public static string GetModelPath(string modelName, int? version = null)
        {
            var modelsDir = Path.Combine(Environment.GetEnvironmentVariable("AML_APP_ROOT") ?? "", "azureml-models");
            var modelDir = Path.Combine(modelsDir, modelName);
            if (Directory.Exists(modelDir))
            {
                version ??= Directory.GetDirectories(modelDir)
                    .Select(d => int.TryParse(Path.GetFileName(d), out var v) ? v : (int?)null)
                    .Max();
                var versionDir = version is null ? null : Path.Combine(modelDir, version.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
                if (versionDir is not null && Directory.Exists(versionDir))
                {
                    var entries = Directory.GetFileSystemEntries(versionDir);
                    if (entries.Length != 1)
                    {
                        var names = string.Join(", ", entries.Select(e => "'" + Path.GetFileName(e) + "'"));
                        throw new ModelNotFoundException($"Dir {versionDir} can contain only 1 file or folder. Found [{names}]");
                    }

                    return entries[0];
                }
            }

            if (File.Exists(modelName) || Directory.Exists(modelName)) return modelName;
            throw new ModelNotFoundException(
                $"Model {modelName} not found in cache at {modelsDir} or in current working directory {Directory.GetCurrentDirectory()}. For more info, set logging level to DEBUG.");
        }
    }

    /// <summary>Model.GetModelPath() could not find the model.</summary>
    public sealed class ModelNotFoundException : Exception
    {
        public ModelNotFoundException(string message) : base(message) { }
    }
}

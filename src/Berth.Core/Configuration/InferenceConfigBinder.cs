using Berth.Files;
using Berth.Json;

namespace Berth.Configuration;

/// <summary>Binds and validates an inference config's JSON tree; every problem goes to the collector.</summary>
internal static class InferenceConfigBinder
{
    /// <summary>Binds with the author's paths, then maps every path to where <paramref name="files"/> holds it.</summary>
    public static InferenceConfigSpec? Bind(FieldReader root, string fileName, string baseDirectory, ConfigFiles files)
    {
        var spec = BindAuthorPaths(root, fileName, baseDirectory, files);
        return spec is null ? null : spec with
        {
            EntryScript = spec.EntryScript is { } entry ? files.Local(entry) : null,
            SourceDirectory = spec.SourceDirectory is { } source ? files.Local(source) : null,
            CondaFile = spec.CondaFile is { } conda ? files.Local(conda) : null,
            ExtraDockerfileSteps = spec.ExtraDockerfileSteps is { } steps ? files.Local(steps) : null,
        };
    }

    private static InferenceConfigSpec? BindAuthorPaths(FieldReader root, string fileName, string baseDirectory, ConfigFiles files)
    {
        var sourceDirectory = ReadSourceDirectory(root, baseDirectory, files);
        var runtimeText = root.String("runtime");
        var runtime = ParseRuntime(root, runtimeText);
        var entryScript = runtime == ScriptRuntime.Onnx
            ? RefuseEntryScript(root)
            : ReadEntryScript(root, sourceDirectory ?? baseDirectory, sourceDirectory, files);
        var condaPath = ReadFilePath(root, "condaFile", "conda file", sourceDirectory, baseDirectory, files);
        var stepsName = StepsFieldName(root);
        var stepsPath = ReadFilePath(root, stepsName, "extra Dockerfile steps file", sourceDirectory, baseDirectory, files);
        var registry = root.Object("baseImageRegistry");
        var registryAddress = registry?.String("address");
        registry?.String("username");
        registry?.String("password");
        registry?.ReportUnknown("baseImageRegistry");
        var spec = new InferenceConfigSpec
        {
            ConfigFile = fileName,
            EntryScript = entryScript,
            SourceDirectory = sourceDirectory,
            Runtime = runtime ?? ScriptRuntime.Python,
            CondaFile = condaPath,
            ExtraDockerfileSteps = stepsPath,
            BaseImage = root.String("baseImage"),
            BaseImageRegistry = registryAddress,
            EnableGpu = root.Bool("enableGpu") ?? false,
            CudaVersion = root.String("cudaVersion"),
            Description = root.String("description"),
        };
        spec = InferenceEnvironmentBinder.Bind(root, spec, baseDirectory, files);
        root.Take("schemaFile");
        root.ReportUnknown("an inference config");
        if (runtime == ScriptRuntime.Onnx)
        {
            return spec with { Runtime = ScriptRuntime.Onnx };
        }

        if (entryScript is null)
        {
            return null;
        }

        return spec with { Runtime = CheckRuntime(root, entryScript, runtime, runtimeText) ?? ScriptRuntime.Python };
    }

    /// <summary>The platform's docs spell it <c>extraDockerFileSteps</c>; Berth also takes <c>extraDockerfileSteps</c>.</summary>
    private static string StepsFieldName(FieldReader root)
    {
        var platform = root.Has("extraDockerFileSteps");
        if (platform && root.Has("extraDockerfileSteps"))
        {
            root.Report("extraDockerfileSteps", "extraDockerfileSteps and extraDockerFileSteps are the same field; give only one of them.");
        }

        return platform ? "extraDockerFileSteps" : "extraDockerfileSteps";
    }

    private static string? ReadSourceDirectory(FieldReader root, string baseDirectory, ConfigFiles files)
    {
        var value = root.String("sourceDirectory");
        if (value is null)
        {
            return null;
        }

        var path = Path.GetFullPath(value, baseDirectory);
        if (!files.DirectoryExists(path))
        {
            root.Report("sourceDirectory", File.Exists(files.Local(path)) ? $"source directory {path} is a file, not a folder" : $"source directory not found: {path}");
            return null;
        }

        return Path.TrimEndingDirectorySeparator(path);
    }

    /// <summary><c>"runtime": "onnx"</c> serves the model's .onnx file; an entry script beside it would never run.</summary>
    private static string? RefuseEntryScript(FieldReader root)
    {
        if (root.Has("entryScript"))
        {
            root.String("entryScript");
            root.Report("entryScript", "runtime \"onnx\" serves the model's .onnx file with no entry script; remove entryScript, or set runtime to python or csharp to serve the script.");
        }

        return null;
    }

    private static string? ReadEntryScript(FieldReader root, string directory, string? sourceDirectory, ConfigFiles files)
    {
        if (!root.Has("entryScript"))
        {
            root.Report("entryScript", "entryScript is required; name the scoring script, e.g. \"score.py\" (or \"score.cs\" for C#).");
            return null;
        }

        var value = root.String("entryScript");
        if (value is null)
        {
            return null;
        }

        var path = Path.GetFullPath(value, directory);
        var relativeTo = sourceDirectory is null ? "the config file's folder" : "sourceDirectory";
        if (!files.FileExists(path))
        {
            root.Report("entryScript", $"entry script not found: {path} (\"{value}\" is resolved relative to {relativeTo})");
            return null;
        }

        if (files.CheckRegularFile(path, "entry script", FileLimit.EntryScript) is { } problem)
        {
            root.Report("entryScript", problem);
            return null;
        }

        if (sourceDirectory is not null && Path.GetRelativePath(sourceDirectory, path).StartsWith("..", StringComparison.Ordinal))
        {
            root.Report("entryScript", $"entry script {path} is outside sourceDirectory {sourceDirectory}; only the source directory is shipped to the service");
        }

        return path;
    }

    private static ScriptRuntime? ParseRuntime(FieldReader root, string? value)
    {
        switch (value?.ToLowerInvariant())
        {
            case null:
                return null;
            case "python":
                return ScriptRuntime.Python;
            case "csharp" or "c#":
                return ScriptRuntime.CSharp;
            case "onnx":
                return ScriptRuntime.Onnx;
            default:
                root.Report("runtime", $"runtime \"{value}\" is not supported; allowed values: python, csharp, onnx.");
                return null;
        }
    }

    private static ScriptRuntime? CheckRuntime(FieldReader root, string entryScript, ScriptRuntime? runtime, string? runtimeText)
    {
        var extension = Path.GetExtension(entryScript).ToLowerInvariant();
        ScriptRuntime? fromExtension = extension switch
        {
            ".py" => ScriptRuntime.Python,
            ".cs" => ScriptRuntime.CSharp,
            _ => null,
        };
        var name = Path.GetFileName(entryScript);
        if (runtime is null && runtimeText is null && fromExtension is null)
        {
            root.Report("entryScript", $"cannot tell the runtime of entry script \"{name}\" from its extension; set runtime to python or csharp, or use a .py or .cs script.");
            return null;
        }

        if (runtime is not null && fromExtension is not null && runtime != fromExtension)
        {
            var kind = fromExtension == ScriptRuntime.Python ? "a Python" : "a C#";
            var other = fromExtension == ScriptRuntime.Python ? "python" : "csharp";
            root.Report("runtime", $"entry script \"{name}\" is {kind} file but runtime is \"{runtimeText}\"; set runtime to {other} or use a matching script.");
        }

        var resolved = runtime ?? fromExtension;
        if (resolved == ScriptRuntime.Python)
        {
            var error = PythonNames.CheckModuleName(Path.GetFileNameWithoutExtension(entryScript));
            if (error is not null)
            {
                root.Report("entryScript", error);
            }
        }

        return resolved;
    }

    /// <summary>Resolves a file path relative to the source directory when the file is there, else to the config's folder.</summary>
    private static string? ReadFilePath(FieldReader root, string name, string what, string? sourceDirectory, string baseDirectory, ConfigFiles files)
    {
        var value = root.String(name);
        if (value is null)
        {
            return null;
        }

        var fromBase = Path.GetFullPath(value, baseDirectory);
        if (sourceDirectory is not null)
        {
            var fromSource = Path.GetFullPath(value, sourceDirectory);
            if (files.FileExists(fromSource) || !files.FileExists(fromBase))
            {
                if (!files.FileExists(fromSource))
                {
                    var also = fromSource == fromBase ? "" : $" (also looked at {fromBase})";
                    root.Report(name, $"{what} not found: {fromSource}{also}");
                    return null;
                }

                return fromSource;
            }
        }

        if (!files.FileExists(fromBase))
        {
            root.Report(name, $"{what} not found: {fromBase}");
            return null;
        }

        return fromBase;
    }
}

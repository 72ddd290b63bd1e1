using System.Reflection;
using Berth.Scoring.Hosting;

namespace Berth.Scoring.CSharp;

/// <summary>
/// The class of score.cs that has <c>Run</c> (and optionally <c>Init</c>), bound for fast calls.
/// Run's first parameter is the input (string, byte[], JsonElement/JsonNode, or any type read from JSON);
/// an optional parameter named <c>requestHeaders</c> gets the request headers.
/// </summary>
internal sealed class ScriptEntry
{
    private static readonly string[] HeaderParameterNames = ["requestHeaders", "request_headers", "headers"];
    private readonly MethodInvoker _run;
    private readonly MethodInfo? _init;
    private readonly object? _instance;

    private ScriptEntry(Type type, MethodInfo run, MethodInfo? init, Type inputType, bool wantsHeaders)
    {
        Type = type;
        RunMethod = run;
        _run = MethodInvoker.Create(run);
        _init = init;
        InputType = inputType;
        WantsHeaders = wantsHeaders;
        _instance = run.IsStatic && (init?.IsStatic ?? true) ? null : Activator.CreateInstance(type);
    }

    public Type Type { get; }

    public MethodInfo RunMethod { get; }

    public Type InputType { get; }

    public bool WantsHeaders { get; }

    /// <summary>Finds the entry class; throws a boot failure with the reason when the script's shape is wrong.</summary>
    public static ScriptEntry Bind(Assembly assembly)
    {
        var candidates = assembly.GetExportedTypes()
            .Where(t => t.IsClass && t.Namespace != "Berth.Scoring" && t.GetMethod("Run", BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static) is not null)
            .ToList();
        if (candidates.Count != 1)
        {
            var found = candidates.Count == 0 ? "none" : string.Join(", ", candidates.Select(c => c.FullName));
            throw BootFailure.Create($"score.cs must define exactly one public class with a public Run(...) method; found {found}.");
        }

        var type = candidates[0];
        var run = type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static).Where(m => m.Name == "Run").ToList();
        if (run.Count != 1) throw BootFailure.Create($"{type.Name} must have exactly one public Run method; found {run.Count}.");
        var init = type.GetMethod("Init", BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static, Type.EmptyTypes);
        if (!type.IsAbstract && !run[0].IsStatic && type.GetConstructor(Type.EmptyTypes) is null)
        {
            throw BootFailure.Create($"{type.Name} needs a public parameterless constructor (or make Init and Run static).");
        }

        var (inputType, wantsHeaders) = AnalyzeRun(run[0]);
        return new ScriptEntry(type, run[0], init, inputType, wantsHeaders);
    }

    private static (Type Input, bool WantsHeaders) AnalyzeRun(MethodInfo run)
    {
        var parameters = run.GetParameters();
        if (parameters.Any(p => p.IsOut || p.ParameterType.IsByRef || p.IsDefined(typeof(ParamArrayAttribute))))
        {
            throw BootFailure.Create("Run() cannot take ref, out or params parameters.");
        }

        var headers = parameters.Where(p => HeaderParameterNames.Contains(p.Name)).ToList();
        var data = parameters.Except(headers).ToList();
        if (data.Count == 0)
        {
            throw BootFailure.Create(headers.Count == 0
                ? "Run() needs to accept an argument for input data."
                : "Run() needs to accept an argument other than \"requestHeaders\".");
        }

        if (data.Count > 1) throw BootFailure.Create($"Run() takes one input argument (and optionally requestHeaders); it has {data.Count}: {string.Join(", ", data.Select(d => d.Name))}.");
        if (headers.Count == 1 && !headers[0].ParameterType.IsAssignableFrom(typeof(Dictionary<string, string>)))
        {
            throw BootFailure.Create($"Run()'s {headers[0].Name} must be IReadOnlyDictionary<string, string> or IDictionary<string, string>.");
        }

        if (data[0].Position != 0) throw BootFailure.Create("Run()'s input must be its first parameter.");
        return (data[0].ParameterType, headers.Count == 1);
    }

    public async Task InitAsync()
    {
        if (_init is null) return;
        var result = Unwrap(() => _init.Invoke(_init.IsStatic ? null : _instance, null));
        if (result is Task task) await task.ConfigureAwait(false);
    }

    /// <summary>Calls Run and awaits it when it returns a task; exceptions are the script's own (unwrapped).</summary>
    public async ValueTask<object?> RunAsync(object? input, Dictionary<string, string>? headers)
    {
        var target = RunMethod.IsStatic ? null : _instance;
        var result = Unwrap(() => WantsHeaders ? _run.Invoke(target, input, headers) : _run.Invoke(target, input));
        switch (result)
        {
            case Task task:
                await task.ConfigureAwait(false);
                return task.GetType().IsGenericType ? task.GetType().GetProperty("Result")!.GetValue(task) : null;
            case ValueTask valueTask:
                await valueTask.ConfigureAwait(false);
                return null;
            default:
                if (result?.GetType() is { IsGenericType: true } t && t.GetGenericTypeDefinition() == typeof(ValueTask<>))
                {
                    var asTask = (Task)t.GetMethod("AsTask")!.Invoke(result, null)!;
                    await asTask.ConfigureAwait(false);
                    return asTask.GetType().GetProperty("Result")!.GetValue(asTask);
                }

                return result;
        }
    }

    private static object? Unwrap(Func<object?> call)
    {
        try
        {
            return call();
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerException);
            throw;
        }
    }
}

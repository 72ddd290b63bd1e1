using System.Security.Cryptography;
using Berth.Errors;
using k8s;
using k8s.Exceptions;
using k8s.KubeConfigModels;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Berth.Server.Compute;

/// <summary>
/// Reads a kubeconfig's text and picks one of its contexts, saying precisely what is wrong when it cannot: the file and
/// line of a YAML error, the contexts it has when the one asked for is missing, the cluster or user a context names but
/// the file lacks. Files the context refers to must be named by absolute paths: Berth keeps a copy of the kubeconfig
/// in the workspace, where a relative path would point nowhere.
/// </summary>
internal static class Kubeconfig
{
    /// <summary>The context <paramref name="context"/> of the kubeconfig, else its current-context.</summary>
    /// <param name="text">the kubeconfig's text</param>
    /// <param name="shownAs">the file to name in messages</param>
    /// <param name="context">the context asked for; null for the kubeconfig's current-context</param>
    public static KubeconfigContext Resolve(string text, string shownAs, string? context)
    {
        ArgumentNullException.ThrowIfNull(text);
        var config = Parse(text, shownAs);
        var names = (config.Contexts ?? []).Select(c => c.Name).ToList();
        if (names.Count == 0)
        {
            throw Invalid(shownAs, "it defines no contexts", "pass a kubeconfig with a context for the cluster (`kubectl config view --raw --minify` prints the one in use)");
        }

        var chosen = string.IsNullOrEmpty(context) ? config.CurrentContext : context;
        if (string.IsNullOrEmpty(chosen))
        {
            throw new BerthException(
                ComputeErrorCodes.ContextNotFound, $"kubeconfig {shownAs} has no current-context and no --context was given",
                $"pass --context with one of its contexts: {string.Join(", ", names)}");
        }

        var match = config.Contexts!.FirstOrDefault(c => c.Name == chosen) ?? throw new BerthException(
            ComputeErrorCodes.ContextNotFound,
            string.IsNullOrEmpty(context)
                ? $"the current-context of kubeconfig {shownAs}, \"{chosen}\", is not one of its contexts"
                : $"context \"{chosen}\" is not in kubeconfig {shownAs}",
            $"its contexts are: {string.Join(", ", names)}; pass --context with one of them");
        RefuseRelativeFiles(config, match, shownAs);
        try
        {
            var built = KubernetesClientConfiguration.BuildConfigFromConfigObject(config, chosen);
            return new KubeconfigContext(chosen, match.ContextDetails?.Namespace, built.Host, built);
        }
        catch (Exception e) when (e is KubeConfigException or FormatException or CryptographicException or IOException)
        {
            throw Invalid(shownAs, $"context \"{chosen}\": {e.Message.TrimEnd('.')}", "fix the kubeconfig; `kubectl config view --raw --minify --flatten` writes a complete one for the context in use");
        }
    }

    private static K8SConfiguration Parse(string text, string shownAs)
    {
        try
        {
            // YamlDotNet's own parser first: its errors carry the line and column; the model binder's do not always.
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            if (stream.Documents.Count == 0)
            {
                throw Invalid(shownAs, "it is empty", "pass the kubeconfig file itself (for the test cluster, the path `scripts/cluster.sh up` prints)");
            }

            if (stream.Documents[0].RootNode is not YamlMappingNode root)
            {
                throw Invalid(shownAs, "it is not a kubeconfig: its top level is not a mapping with clusters, contexts and users", "pass a kubeconfig file");
            }

            return KubernetesYaml.Deserialize<K8SConfiguration>(text) ?? throw Invalid(shownAs, "it is empty", "pass a kubeconfig file");
        }
        catch (YamlException e)
        {
            var issue = new ConfigIssue(shownAs, (int)e.Start.Line, (int)e.Start.Column, null, Reason(e));
            throw new ConfigValidationException([issue], "fix the YAML at that line; a kubeconfig is what `kubectl config view --raw` prints", ComputeErrorCodes.KubeconfigInvalid);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or ArgumentException)
        {
            throw Invalid(shownAs, $"it is not valid YAML ({e.Message.TrimEnd('.')})", "check that this is a kubeconfig file; `kubectl config view --raw` prints one");
        }
    }

    private static string Reason(YamlException e)
    {
        // "Exception during deserialization" says nothing: the inner exception names the field and the value.
        var reason = e.InnerException is { } inner && e.Message.StartsWith("Exception during", StringComparison.Ordinal) ? inner.Message : e.Message;
        return $"not a valid kubeconfig: {reason.TrimEnd('.')}";
    }

    private static void RefuseRelativeFiles(K8SConfiguration config, Context context, string shownAs)
    {
        var cluster = config.Clusters?.FirstOrDefault(c => c.Name == context.ContextDetails?.Cluster)?.ClusterEndpoint;
        var user = config.Users?.FirstOrDefault(u => u.Name == context.ContextDetails?.User)?.UserCredentials;
        var files = new[] { ("certificate-authority", cluster?.CertificateAuthority), ("client-certificate", user?.ClientCertificate), ("client-key", user?.ClientKey) };
        foreach (var (key, path) in files)
        {
            if (!string.IsNullOrEmpty(path) && !Path.IsPathRooted(path))
            {
                throw Invalid(
                    shownAs, $"context \"{context.Name}\": {key} is the relative path \"{path}\", which cannot be found from the copy Berth keeps",
                    "embed the files in the kubeconfig: `kubectl config view --raw --minify --flatten > FILE`, then attach FILE");
            }
        }
    }

    private static BerthException Invalid(string shownAs, string problem, string hint) =>
        new(ComputeErrorCodes.KubeconfigInvalid, $"kubeconfig {shownAs}: {problem}", hint);
}

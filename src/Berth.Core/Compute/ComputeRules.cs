using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Berth.Naming;

namespace Berth.Compute;

/// <summary>
/// What a compute target's settings must look like before any cluster is asked: its name (the rule of every resource
/// name), its namespace (a Kubernetes DNS-1123 label) and its image registry (HOST:PORT, as an image reference starts).
/// Each check returns null when the value is valid, else a sentence naming the value and what is wrong with it.
/// </summary>
public static class ComputeRules
{
    /// <summary>The longest namespace Kubernetes accepts (a DNS-1123 label).</summary>
    public const int MaxNamespaceLength = 63;

    public static string? ValidateName(string? name) => NameRules.Validate(name, "compute name");

    public static string? ValidateNamespace(string? value)
    {
        var problem = NamespaceProblem(value ?? string.Empty);
        return problem is null ? null : $"namespace \"{value}\" is not a Kubernetes namespace name: {problem}; use lowercase letters, digits and '-'";
    }

    /// <summary>HOST:PORT, where HOST is a DNS name, an IPv4 address or a bracketed IPv6 address, and PORT is 1 to 65535.</summary>
    public static string? ValidateRegistry(string? value)
    {
        var problem = RegistryProblem(value ?? string.Empty);
        return problem is null ? null : $"registry \"{value}\" is not HOST:PORT: {problem}";
    }

    private static string? NamespaceProblem(string value)
    {
        if (value.Length == 0)
        {
            return "it is empty";
        }

        if (value.Length > MaxNamespaceLength)
        {
            return $"it is {value.Length} characters long (at most {MaxNamespaceLength})";
        }

        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
            {
                return $"character '{c}' is not allowed";
            }
        }

        return value[0] == '-' || value[^1] == '-' ? "it must start and end with a letter or digit" : null;
    }

    private static string? RegistryProblem(string value)
    {
        if (value.Length == 0)
        {
            return "it is empty";
        }

        if (value.IndexOf("://", StringComparison.Ordinal) is var scheme and >= 0)
        {
            return $"drop the scheme \"{value[..(scheme + 3)]}\" (for example 127.0.0.1:15000)";
        }

        if (value.IndexOfAny(['/', ' ', '@', '?', '#']) is var extra and >= 0)
        {
            return $"'{value[extra]}' at position {extra + 1} is not allowed (no path, user or spaces)";
        }

        var colon = value.LastIndexOf(':');
        if (colon < 0 || value.EndsWith(']'))
        {
            return "the port is missing (for example 127.0.0.1:15000)";
        }

        var (host, port) = (value[..colon], value[(colon + 1)..]);
        if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number is < 1 or > 65535)
        {
            return $"port \"{port}\" is not a number from 1 to 65535";
        }

        return HostProblem(host);
    }

    private static string? HostProblem(string host)
    {
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            return IPAddress.TryParse(host[1..^1], out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6
                ? null
                : $"\"{host}\" is not an IPv6 address";
        }

        if (host.Contains(':', StringComparison.Ordinal))
        {
            return $"host \"{host}\" has a ':' (write an IPv6 address in brackets: [::1]:5000)";
        }

        return Uri.CheckHostName(host) is UriHostNameType.Dns or UriHostNameType.IPv4
            ? null
            : $"host \"{host}\" is not a host name or an IPv4 address";
    }
}

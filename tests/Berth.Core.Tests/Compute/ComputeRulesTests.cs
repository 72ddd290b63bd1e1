using Berth.Compute;

namespace Berth.Tests.Compute;

public sealed class ComputeRulesTests
{
    [Theory]
    [InlineData("127.0.0.1:15000")]
    [InlineData("registry.example.com:5000")]
    [InlineData("localhost:1")]
    [InlineData("[::1]:65535")]
    public void ValidateRegistry_HostAndPort_IsValid(string registry)
    {
        Assert.Null(ComputeRules.ValidateRegistry(registry));
    }

    [Theory]
    [InlineData("http://127.0.0.1:15000", "drop the scheme \"http://\"")]
    [InlineData("127.0.0.1", "the port is missing")]
    [InlineData("[::1]", "the port is missing")]
    [InlineData("127.0.0.1:0", "port \"0\" is not a number from 1 to 65535")]
    [InlineData("127.0.0.1:70000", "port \"70000\" is not a number from 1 to 65535")]
    [InlineData("127.0.0.1:port", "port \"port\" is not a number")]
    [InlineData("127.0.0.1:5000/berth", "'/' at position 15 is not allowed")]
    [InlineData("user@host:5000", "'@' at position 5 is not allowed")]
    [InlineData("::1:5000", "write an IPv6 address in brackets")]
    [InlineData("bad_host!:5000", "host \"bad_host!\" is not a host name")]
    [InlineData("", "it is empty")]
    public void ValidateRegistry_NotHostPort_SaysWhatIsWrong(string registry, string problem)
    {
        var error = ComputeRules.ValidateRegistry(registry);

        Assert.NotNull(error);
        Assert.StartsWith($"registry \"{registry}\" is not HOST:PORT: ", error, StringComparison.Ordinal);
        Assert.Contains(problem, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("default")]
    [InlineData("berth-test-1")]
    [InlineData("a")]
    public void ValidateNamespace_KubernetesName_IsValid(string value)
    {
        Assert.Null(ComputeRules.ValidateNamespace(value));
    }

    [Theory]
    [InlineData("Berth", "character 'B' is not allowed")]
    [InlineData("my_ns", "character '_' is not allowed")]
    [InlineData("-ns", "it must start and end with a letter or digit")]
    [InlineData("ns-", "it must start and end with a letter or digit")]
    [InlineData("", "it is empty")]
    public void ValidateNamespace_NotADnsLabel_SaysWhy(string value, string problem)
    {
        var error = ComputeRules.ValidateNamespace(value);

        Assert.Equal($"namespace \"{value}\" is not a Kubernetes namespace name: {problem}; use lowercase letters, digits and '-'", error);
    }

    [Fact]
    public void ValidateNamespace_LongerThan63_IsRefusedWithItsLength()
    {
        Assert.Contains("it is 64 characters long (at most 63)", ComputeRules.ValidateNamespace(new string('a', 64)), StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateName_ResourceName_IsValid()
    {
        Assert.Null(ComputeRules.ValidateName("local-k8s"));
    }

    [Theory]
    [InlineData(".hidden", "it must start with a letter or digit")]
    [InlineData("../etc", "character '/' at position 3 is not allowed")]
    [InlineData("a b", "character ' ' at position 2 is not allowed")]
    public void ValidateName_BreakingTheResourceNameRule_SaysWhere(string name, string problem)
    {
        var error = ComputeRules.ValidateName(name);

        Assert.StartsWith($"compute name \"{name}\" is not valid: ", error, StringComparison.Ordinal);
        Assert.Contains(problem, error, StringComparison.Ordinal);
    }
}

using System.Reflection;
using Berth.Api.V1;
using Berth.Errors;
using Berth.Services;

namespace Berth.Core.Tests.Errors;

public sealed class ErrorCatalogTests
{
    public static TheoryData<string> EveryCodeConstant()
    {
        var codes = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var type in new[] { typeof(ErrorCodes), typeof(ServiceErrorCodes), typeof(RouterErrorCodes), typeof(DockerErrorCodes), typeof(ComputeErrorCodes) })
        {
            foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral && f.FieldType == typeof(string)))
            {
                codes.Add((string)field.GetRawConstantValue()!);
            }
        }

        return new TheoryData<string>(codes);
    }

    [Theory]
    [MemberData(nameof(EveryCodeConstant))]
    public void EveryCodeConstant_IsInTheCatalogue(string code)
    {
        Assert.True(ErrorCatalog.IsKnown(code), $"{code} has no entry in ErrorCatalog");
    }

    [Fact]
    public void UnknownCode_IsAnInternalError_UnderItsOwnName()
    {
        var kind = ErrorCatalog.Describe("nobody.knows");

        Assert.Equal(("nobody.knows", 500, CliExitCodes.Failed, false), (kind.Code, kind.HttpStatus, kind.ExitCode, kind.IsTransient));
    }

    [Theory]
    [InlineData(ErrorCodes.ModelNotFound, 404, CliExitCodes.NotFound)]
    [InlineData(ServiceErrorCodes.NotFound, 404, CliExitCodes.NotFound)]
    [InlineData(ErrorCodes.ConfigInvalid, 400, CliExitCodes.ConfigInvalid)]
    [InlineData(ServiceErrorCodes.OperationInProgress, 409, CliExitCodes.Failed)]
    [InlineData(ErrorCodes.AuthInvalid, 401, CliExitCodes.ServerUnreachable)]
    [InlineData(ErrorCodes.WorkspaceNotWritable, 507, CliExitCodes.Failed)]
    [InlineData(RouterErrorCodes.PortInUse, 409, CliExitCodes.Failed)]
    public void Code_HasTheStatusAndExitCodeCallersRelyOn(string code, int status, int exit)
    {
        var kind = ErrorCatalog.Describe(code);

        Assert.Equal((status, exit), (kind.HttpStatus, kind.ExitCode));
    }

    [Theory]
    [InlineData(ErrorCodes.ServerStarting, true)]
    [InlineData(ServiceErrorCodes.OperationInProgress, true)]
    [InlineData(ErrorCodes.ConfigInvalid, false)]
    public void Transience_ComesFromTheCatalogue(string code, bool transient)
    {
        Assert.Equal(transient, ErrorCatalog.Describe(code).IsTransient);
    }

    [Fact]
    public void ProblemDocument_CarriesStatusCodeHintTransienceAndIssues()
    {
        var error = new ConfigValidationException([new ConfigIssue("dc.json", 3, 5, "numReplicas", "must be at least 1")], "fix it");

        var body = ProblemDocument.For(error, "/api/v1/services", "trace-1");

        Assert.Equal(400, (int)body["status"]!);
        Assert.Equal(ErrorCodes.ConfigInvalid, (string)body["code"]!);
        Assert.Equal("fix it", (string)body["hint"]!);
        Assert.False((bool)body["isTransient"]!);
        Assert.Equal("numReplicas", (string)body["issues"]![0]!["field"]!);
    }
}

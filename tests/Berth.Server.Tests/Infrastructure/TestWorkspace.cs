using Berth.Server.Services;
using Berth.Server.Workspace;
using Berth.Services;

namespace Berth.Server.Tests.Infrastructure;

/// <summary>A real workspace folder with its SQLite database, and services in it, for the unit tests of the service runtime.</summary>
internal sealed class TestWorkspace : IDisposable
{
    private readonly TempFolder _folder = new("berth-home");

    public TestWorkspace()
    {
        Layout = new WorkspaceLayout(_folder.Path);
        Layout.EnsureWritable();
        var database = new WorkspaceDatabase(Layout);
        database.EnsureSchema();
        Store = new ServiceStore(database);
    }

    public WorkspaceLayout Layout { get; }

    public ServiceStore Store { get; }

    /// <summary>A service whose record is saved, as a deploy leaves it before its rollout starts.</summary>
    public ServiceRuntime NewService(string name, TimeProvider time)
    {
        var record = new ServiceRecord
        {
            Name = name, Target = ServiceTargetKind.Local, Models = ["m:1"], InferenceConfigPath = "/nowhere/inferenceconfig.json",
            DeploymentConfigPath = "/nowhere/deploymentconfig.json", CreatedAt = time.GetUtcNow(), UpdatedAt = time.GetUtcNow(),
        };
        var service = new ServiceRuntime(record, Layout.ServiceDirectory(name), Store, time);
        Store.Save(record);
        return service;
    }

    public void Dispose() => _folder.Dispose();
}

// Berth's control plane manages Linux processes, files and containers.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

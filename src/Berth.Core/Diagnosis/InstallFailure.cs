namespace Berth.Diagnosis;

/// <summary>Preparing the environment failed: the installer's exit code and its own output.</summary>
/// <param name="Installer">The installer: <c>pip</c>, <c>conda</c>, <c>dotnet</c>, <c>docker build</c>.</param>
/// <param name="ExitCode">Its exit code, when it ran.</param>
/// <param name="OutputLines">Its output (stdout and stderr interleaved), oldest first.</param>
public sealed record InstallFailure(string Installer, int? ExitCode, IReadOnlyList<string> OutputLines);

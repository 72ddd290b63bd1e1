namespace Berth.Diagnosis;

/// <summary>Preparing the environment failed: the installer's exit code and its own output, and the facts around it.</summary>
/// <param name="Installer">The installer: <c>pip</c>, <c>conda</c>, <c>dotnet</c>, <c>docker build</c>.</param>
/// <param name="ExitCode">Its exit code, when it ran.</param>
/// <param name="OutputLines">Its output (stdout and stderr interleaved), oldest first.</param>
public sealed record InstallFailure(string Installer, int? ExitCode, IReadOnlyList<string> OutputLines)
{
    /// <summary>The requirements the installer was asked to install (<c>scikit-learn==0.22.1</c>), when known.</summary>
    public IReadOnlyList<string> Requirements { get; init; } = [];

    /// <summary>
    /// The package index configuration in use, one fact a line with credentials removed
    /// (<c>PIP_INDEX_URL=https://mirror.example/simple</c>, <c>pip config: global.index-url='…'</c>, <c>pip's default index</c>).
    /// </summary>
    public IReadOnlyList<string> IndexConfiguration { get; init; } = [];

    /// <summary>An image build's step that failed, as the builder printed it (<c>Step 4/9 : RUN ...</c>); null for other installers or before the first step.</summary>
    public string? FailingStep { get; init; }

    /// <summary>An image build's error message (<c>The command '...' returned a non-zero code: 1</c>, <c>pull access denied ...</c>).</summary>
    public string? BuildError { get; init; }

    /// <summary>What the machine's package manager offers for the requirements (Debian's <c>python3-*</c> candidates).</summary>
    public IReadOnlyList<SystemPackage> SystemPackages { get; init; } = [];
}

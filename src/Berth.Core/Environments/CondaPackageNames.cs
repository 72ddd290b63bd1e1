namespace Berth.Environments;

/// <summary>
/// Conda package names to the pip names that install the same Python package, and the conda packages that are no
/// Python package at all (compilers, C libraries, CUDA): pip has nothing to install for those. Only names whose
/// meaning is certain are listed; any other name is assumed to be the same on both sides.
/// </summary>
public static class CondaPackageNames
{
    private static readonly Dictionary<string, string> PipByConda = new(StringComparer.OrdinalIgnoreCase)
    {
        ["pytorch"] = "torch",
        ["pytorch-cpu"] = "torch",
        ["pytorch-gpu"] = "torch",
        ["matplotlib-base"] = "matplotlib",
        ["py-xgboost"] = "xgboost",
        ["py-xgboost-cpu"] = "xgboost",
        ["py-xgboost-gpu"] = "xgboost",
        ["pytables"] = "tables",
        ["msgpack-python"] = "msgpack",
        ["python-graphviz"] = "graphviz",
        ["py-opencv"] = "opencv-python",
    };

    private static readonly HashSet<string> NotPython = new(StringComparer.OrdinalIgnoreCase)
    {
        "libgcc", "libgcc-ng", "libgomp", "libstdcxx", "libstdcxx-ng", "libgfortran", "libgfortran-ng", "libgfortran5",
        "_libgcc_mutex", "_openmp_mutex", "ld_impl_linux-64", "gcc", "gxx", "gfortran", "make",
        "cudatoolkit", "cuda-toolkit", "cudnn", "nccl", "mkl", "intel-openmp", "llvm-openmp",
        "blas", "libblas", "libcblas", "liblapack", "openblas", "libopenblas",
        "openssl", "ca-certificates", "zlib", "libzlib", "xz", "bzip2", "lz4-c", "zstd", "libffi", "ncurses",
        "readline", "sqlite", "tk", "tzdata", "libuuid", "libiconv", "libxml2", "icu", "expat", "jpeg", "libpng",
        "libtiff", "freetype", "python_abi",
    };

    /// <summary>The name without its <c>channel::</c> prefix: <c>conda-forge::numpy</c> → <c>numpy</c>.</summary>
    public static string WithoutChannel(string condaName)
    {
        ArgumentNullException.ThrowIfNull(condaName);
        var channel = condaName.LastIndexOf("::", StringComparison.Ordinal);
        return channel < 0 ? condaName : condaName[(channel + 2)..];
    }

    /// <summary>True for a conda package that is a C library, compiler or toolkit, which pip cannot install.</summary>
    public static bool IsNotPython(string condaName) => NotPython.Contains(WithoutChannel(condaName));

    /// <summary>The pip name for a conda name: <c>pytorch</c> → <c>torch</c>; other names unchanged (channel removed).</summary>
    public static string PipName(string condaName)
    {
        var name = WithoutChannel(condaName);
        return PipByConda.TryGetValue(name, out var pip) ? pip : name;
    }
}

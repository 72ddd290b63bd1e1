using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;
using System.Net.Sockets;
using System.Text.Json;
using Berth.Scoring.Hosting;
using Berth.Scoring.Logging;

namespace Berth.Scoring.Python;

/// <summary>
/// One Python worker process and its Unix socket. One request at a time: the caller owns the
/// worker's slot for the duration of <see cref="ExchangeAsync"/>.
/// </summary>
internal sealed class PythonWorker : IAsyncDisposable
{
    private static int s_counter;
    private readonly Process _process;
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly byte[] _lengthBuffer = new byte[4];

    private PythonWorker(Process process, Socket socket, (bool WantsHeaders, bool RawHttp, string? Schema) ready)
    {
        _process = process;
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        WantsHeaders = ready.WantsHeaders;
        RawHttp = ready.RawHttp;
        Schema = ready.Schema;
    }

    public int Pid => _process.Id;

    public bool WantsHeaders { get; }

    /// <summary>run() is decorated with @rawhttp: it gets every method, OPTIONS included.</summary>
    public bool RawHttp { get; }

    /// <summary>The input and output schemas (<c>{"input": ..., "output": ...}</c>) of an inference-schema decorated run(), else null.</summary>
    public string? Schema { get; }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.HasExited ? _process.ExitCode : 0;

    /// <summary>Starts a worker and waits until its init() has completed.</summary>
    public static async Task<PythonWorker> StartAsync(WorkerSettings settings, PlatformLog log, CancellationToken cancellationToken)
    {
        var socketPath = Path.Combine(Path.GetTempPath(), $"berth-{Environment.ProcessId}-{Interlocked.Increment(ref s_counter)}.sock");
        File.Delete(socketPath);
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(socketPath));
        listener.Listen(1);
        var process = StartProcess(settings, socketPath);
        log.Info(LogNames.Master, $"Booting worker with pid: {process.Id}");
        try
        {
            var exited = process.WaitForExitAsync(cancellationToken);
            var accept = listener.AcceptAsync(cancellationToken).AsTask();
            if (await Task.WhenAny(accept, exited).ConfigureAwait(false) != accept)
            {
                throw new WorkerExitedException(process.Id, process.ExitCode);
            }

            var socket = await accept.ConfigureAwait(false);
            var ready = await ReadReadyAsync(socket, process, cancellationToken).ConfigureAwait(false);
            return new PythonWorker(process, socket, ready);
        }
        catch
        {
            Kill(process);
            throw;
        }
        finally
        {
            File.Delete(socketPath);
        }
    }

    private static Process StartProcess(WorkerSettings settings, string socketPath)
    {
        try
        {
            return Process.Start(StartInfo(settings, socketPath)) ?? throw new InvalidOperationException($"could not start {settings.PythonExecutable}");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw BootFailure.Create($"Cannot start the Python interpreter {settings.PythonExecutable}: {e.Message}. Install Python 3 with the script's packages, or point BERTH_PYTHON at one.");
        }
    }

    private static ProcessStartInfo StartInfo(WorkerSettings settings, string socketPath)
    {
        var psi = new ProcessStartInfo(settings.PythonExecutable)
        {
            UseShellExecute = false,
            WorkingDirectory = settings.AppRoot,
        };
        psi.ArgumentList.Add("-B");
        psi.ArgumentList.Add(settings.WorkerScript);
        psi.ArgumentList.Add("--socket");
        psi.ArgumentList.Add(socketPath);
        psi.ArgumentList.Add("--entry-script");
        psi.ArgumentList.Add(settings.EntryScript);
        psi.ArgumentList.Add("--timeout-ms");
        psi.ArgumentList.Add(settings.ScoringTimeoutMs.ToString(System.Globalization.CultureInfo.InvariantCulture));
        psi.Environment["AML_APP_ROOT"] = settings.AppRoot;
        psi.Environment["AZUREML_ENTRY_SCRIPT"] = settings.EntryScript;
        psi.Environment["SCORING_TIMEOUT_MS"] = settings.ScoringTimeoutMs.ToString(System.Globalization.CultureInfo.InvariantCulture);
        psi.Environment["AZUREML_LOG_LEVEL"] = settings.LogLevel;
        if (settings.ModelDir is not null) psi.Environment["AZUREML_MODEL_DIR"] = settings.ModelDir;
        if (settings.SourceDirectory is not null)
        {
            // Relative to the app root, as the platform sets it (scripts join it to AML_APP_ROOT themselves).
            psi.Environment["AZUREML_SOURCE_DIRECTORY"] = Path.GetRelativePath(settings.AppRoot, settings.SourceDirectory);
        }

        if (settings.DebugPort is int debugPort)
        {
            psi.Environment["BERTH_DEBUG_PORT"] = debugPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
            psi.Environment["BERTH_DEBUG_WAIT"] = settings.DebugWait ? "true" : "false";
        }
        else
        {
            psi.Environment.Remove("BERTH_DEBUG_PORT");
        }
        return psi;
    }

    private static async Task<(bool WantsHeaders, bool RawHttp, string? Schema)> ReadReadyAsync(Socket socket, Process process, CancellationToken cancellationToken)
    {
        try
        {
            using var stream = new NetworkStream(socket, ownsSocket: false);
            var head = new byte[4];
            await stream.ReadExactlyAsync(head, cancellationToken).ConfigureAwait(false);
            var payload = new byte[BinaryPrimitives.ReadUInt32LittleEndian(head)];
            await stream.ReadExactlyAsync(payload, cancellationToken).ConfigureAwait(false);
            using var json = JsonDocument.Parse(payload.AsMemory(1));
            var root = json.RootElement;
            var schema = root.TryGetProperty("schema", out var s) && s.ValueKind == JsonValueKind.Object ? s.GetRawText() : null;
            return (root.GetProperty("wants_headers").GetBoolean(), root.GetProperty("raw_http").GetBoolean(), schema);
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or SocketException)
        {
            socket.Dispose();
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            throw new WorkerExitedException(process.Id, process.ExitCode);
        }
    }

    /// <summary>Sends one request and reads its response. Faults with <see cref="WorkerExitedException"/> when the worker dies.</summary>
    public async Task<ScoreOutcome> ExchangeAsync(ScoreRequest request)
    {
        var frame = WorkerProtocol.EncodeRequest(request, WantsHeaders, out var length);
        var delivered = false;
        try
        {
            await _stream.WriteAsync(frame.AsMemory(0, length)).ConfigureAwait(false);
            delivered = true;
            return await ReadFrameAsync(static payload => WorkerProtocol.DecodeResponse(payload)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or SocketException or ObjectDisposedException)
        {
            // A worker that dies with the request still unread in its socket makes the kernel reset the connection
            // (ECONNRESET); one that read the request and then died closes it cleanly (EOF). Only in the second case can
            // run() have started; in the first the request may go to a new worker (a worker killed just as it was sent).
            throw await GoneAsync(delivered && !IsReset(e)).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(frame);
        }
    }

    private static bool IsReset(Exception e) =>
        (e as SocketException ?? e.InnerException as SocketException)?.SocketErrorCode == SocketError.ConnectionReset;

    /// <summary>The next chunk of a streamed response, or null at its end.</summary>
    public async ValueTask<byte[]?> ReadChunkAsync()
    {
        try
        {
            return await ReadFrameAsync(static payload => WorkerProtocol.DecodeChunk(payload)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is EndOfStreamException or IOException or SocketException or ObjectDisposedException)
        {
            throw await GoneAsync(delivered: true).ConfigureAwait(false);
        }
    }

    private delegate T Decoder<out T>(ReadOnlySpan<byte> payload);

    private async Task<T> ReadFrameAsync<T>(Decoder<T> decode)
    {
        await _stream.ReadExactlyAsync(_lengthBuffer).ConfigureAwait(false);
        var payloadLength = (int)BinaryPrimitives.ReadUInt32LittleEndian(_lengthBuffer);
        var payload = ArrayPool<byte>.Shared.Rent(payloadLength);
        try
        {
            await _stream.ReadExactlyAsync(payload.AsMemory(0, payloadLength)).ConfigureAwait(false);
            return decode(payload.AsSpan(0, payloadLength));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(payload);
        }
    }

    private async Task<WorkerExitedException> GoneAsync(bool delivered)
    {
        Kill(_process);
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        return new WorkerExitedException(_process.Id, _process.ExitCode) { Delivered = delivered };
    }

    public void Kill() => Kill(_process);

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill(_process);
        await _stream.DisposeAsync().ConfigureAwait(false);
        try
        {
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // leave it to the OS
        }

        _process.Dispose();
    }
}

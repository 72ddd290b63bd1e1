"""Berth scoring worker: runs one Python entry script for berth-scoring.

berth-scoring starts N of these. Each connects to the Unix socket it is given, loads the entry
script, calls init() once, and then answers one request at a time with run().

Frames (little-endian), each preceded by a u32 payload length:
  ready    (worker -> server): u8 0, JSON {"pid", "wants_headers", "raw_http", "schema"}
                               ("schema": {"input", "output"} of an @input_schema/@output_schema run, else null)
  request  (server -> worker): u8 1, u8 method (0 GET, 1 POST, 2 OPTIONS), u32 n + query,
                               u32 n + headers JSON [[name, value], ...] (only when wants_headers), body
  response (worker -> server): u8 kind, u16 status (+0x8000: run function failed), f64 run ms (NaN: none),
                               u32 n + headers JSON ([[name, value], ...]), body
  A generator in an AMLResponse streams: a response of kind 6 without body, then kind 7 frames with
  one chunk each, then kind 8.
Exit code 3 means the script could not be loaded or init() raised (the platform's boot error).
"""
import argparse
import importlib.util
import inspect
import json
import logging
import os
import signal
import socket
import struct
import sys
import threading
import time
import traceback

from urllib.parse import parse_qsl

from berth_logging import list_model_dir, setup_logging

HERE = os.path.dirname(os.path.abspath(__file__))
BOOT_ERROR = 3
K_OK, K_RESPONSE, K_RUN_FAILED, K_INTERNAL, K_CLIENT, K_TIMEOUT, K_STREAM, K_CHUNK, K_END = range(9)
METHODS = ("GET", "POST", "OPTIONS")
RESPONSE_HEAD = struct.Struct("<IBHdI")
NAN = float("nan")

log = logging.getLogger("azmlinfsrv")
script_log = logging.getLogger("azmlinfsrv.user_script")


def exit_with_parent():
    """Ends this worker when berth-scoring is gone (also while run() is busy); idle workers also see the socket close.

    PR_SET_PDEATHSIG is not used: it fires when the *thread* that started us exits, and .NET retires
    thread-pool threads.
    """
    parent = os.getppid()

    def watch():
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(0)

    threading.Thread(target=watch, name="berth-parent-watch", daemon=True).start()


class ScoringTimeout(Exception):
    pass


class Script:
    """The loaded entry script and how its run() wants to be called."""

    def __init__(self, path):
        self.path = path
        self.module = None
        self.run = None
        self.raw_http = False
        self.wants_headers = False
        self.data_param = "data"
        self.schema = None
        self.schema_params = []

    def load(self):
        script_log.info("Found user script at %s", self.path)
        name = os.path.splitext(os.path.basename(self.path))[0] or "main"
        spec = importlib.util.spec_from_file_location(name, self.path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
        self.module = module
        self.run = getattr(module, "run", None)
        if not callable(self.run):
            raise BootError("The entry script does not define run(). Expected functions init() and run(input_data).")
        self._analyze_run()

    def _analyze_run(self):
        self.raw_http = bool(getattr(self.run, "__berth_rawhttp__", False))
        params = list(inspect.signature(self.run).parameters.values())
        bad = (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD, inspect.Parameter.POSITIONAL_ONLY)
        if any(p.kind in bad for p in params):
            raise BootError("run() cannot accept positional-only arguments, *args, or **kwargs.")
        names = [p.name for p in params]
        self.wants_headers = "request_headers" in names
        if not names:
            raise BootError("run() needs to accept an argument for input data.")
        if names == ["request_headers"]:
            raise BootError('run() needs to accept an argument other than "request_headers".')
        self.data_param = next(n for n in names if n != "request_headers")
        decorated = schema_decorated(self.run)
        if self.raw_http and decorated:
            raise BootError("run() cannot be decorated with both @rawhttp and @input_schema")
        if self.raw_http:
            script_log.info("run() is decorated with @rawhttp. Server will invoke it with the request object.")
        elif decorated:
            self.schema = read_schema(self.run)
            self.schema_params = [p for p in params if p.name != "request_headers"]
            script_log.info("run() is decorated with @input_schema. Server will invoke it with the following arguments: %s.",
                            ", ".join(p.name for p in self.schema_params))
        else:
            script_log.info("run() is not decorated. Server will invoke it with the input in JSON string.")

    def init(self):
        init = getattr(self.module, "init", None)
        script_log.info("Invoking user's init function")
        if callable(init):
            init()
        script_log.info("Users's init has completed successfully")


class BootError(Exception):
    pass


class ClientError(Exception):
    """The request does not fit run()'s declared parameters: the caller's fault (400, or 415 for the content type)."""

    def __init__(self, status, message):
        super().__init__(message)
        self.status = status


def schema_decorated(run):
    """True when run() carries an inference-schema input or output schema (the real package's or Berth's)."""
    try:
        from inference_schema.schema_util import is_schema_decorated
    except ImportError:
        return False
    try:
        return bool(is_schema_decorated(run))
    except Exception:  # noqa: BLE001 - an odd object is simply not decorated
        return False


def read_schema(run):
    from inference_schema.schema_util import get_input_schema, get_output_schema
    schema = {"input": get_input_schema(run) or None, "output": get_output_schema(run) or None}
    try:
        json.dumps(schema)
    except (TypeError, ValueError) as e:
        log.warning("The schema of run() is not JSON serializable (%s); the swagger shows a generic object", e)
        return None
    return schema


def schema_arguments(params, method, query, headers, body):
    """run()'s arguments from the request, as the platform's server binds a decorated run(): the JSON object's keys
    (GET: the query parameters) by parameter name, defaults for the absent ones, extra keys ignored."""
    if method == "GET":
        values = json.loads(query_to_json(query))
    else:
        content_type = next((v for k, v in headers if k.lower() == "content-type"), "")
        mimetype = content_type.split(";")[0].strip().lower()
        if not (mimetype == "application/json" or (mimetype.startswith("application/") and mimetype.endswith("+json"))):
            raise ClientError(415, "Expects Content-Type to be application/json")
        try:
            values = json.loads(bytes(body))
        except ValueError as e:
            if body:
                raise ClientError(400, f"POST body could not be decoded as JSON: {e}") from None
            raise ClientError(400, "POST body is empty. Expecting a JSON dictionary.") from None
        if not isinstance(values, dict):
            raise ClientError(400, "POST body should be a JSON dictionary.")
    arguments = {}
    for p in params:
        value = values.get(p.name, p.default)
        if value is inspect.Parameter.empty:
            raise ClientError(400, f"A value is not provided for the {p.name!r} parameter.")
        arguments[p.name] = value
    return arguments


def boot(script):
    try:
        script.load()
    except BootError as e:
        log.error("%s", e)
        sys.exit(BOOT_ERROR)
    except BaseException:  # noqa: BLE001 - any import failure is a boot error
        log.error("Failed to load the entry script %s\nEncountered Exception %s", script.path, traceback.format_exc())
        sys.exit(BOOT_ERROR)
    try:
        script.init()
    except BaseException:  # noqa: BLE001
        script_log.error("User's init function failed")
        script_log.error("Encountered Exception %s", traceback.format_exc())
        model_dir = os.environ.get("AZUREML_MODEL_DIR")
        if model_dir and os.path.isdir(model_dir):
            script_log.info("Model Directory Contents:\n%s", list_model_dir(model_dir))
        sys.exit(BOOT_ERROR)


def query_to_json(query):
    """GET input: each parameter JSON-parsed when it parses, a repeated key becomes a list."""
    values = {}
    for key, raw in parse_qsl(query, keep_blank_values=True):
        try:
            value = json.loads(raw)
        except ValueError:
            value = raw
        values.setdefault(key, []).append(value)
    return json.dumps({k: v[0] if len(v) == 1 else v for k, v in values.items()})


class Worker:
    def __init__(self, script, sock, timeout_ms):
        self.script = script
        self.sock = sock
        self.rfile = sock.makefile("rb", buffering=65536)
        self.timeout_ms = timeout_ms
        self.in_run = False
        from azureml.contrib.services.aml_response import AMLResponse
        from azureml.contrib.services.aml_request import AMLRequest
        self.response_type = AMLResponse
        self.request_type = AMLRequest
        signal.signal(signal.SIGALRM, self._on_alarm)

    def _on_alarm(self, signum, frame):
        if self.in_run:
            raise ScoringTimeout()

    def send(self, kind, status=200, run_ms=NAN, headers=b"", body=b""):
        payload_len = RESPONSE_HEAD.size - 4 + len(headers) + len(body)
        self.sock.sendall(RESPONSE_HEAD.pack(payload_len, kind, status, run_ms, len(headers)) + headers + body)

    def serve(self):
        while True:
            head = self.rfile.read(4)
            if len(head) < 4:
                return
            (length,) = struct.unpack("<I", head)
            frame = self.rfile.read(length)
            if len(frame) < length:
                return
            self.handle(frame)

    def handle(self, frame):
        method = METHODS[frame[1]]
        (qlen,) = struct.unpack_from("<I", frame, 2)
        query = bytes(frame[6:6 + qlen]).decode("utf-8", "replace")
        pos = 6 + qlen
        (hlen,) = struct.unpack_from("<I", frame, pos)
        headers = json.loads(frame[pos + 4:pos + 4 + hlen]) if hlen else []
        body = frame[pos + 4 + hlen:]
        if self.script.raw_http:
            kwargs = {self.script.data_param: self.request_type(method, query, headers, body)}
        elif self.script.schema is not None:
            try:
                kwargs = schema_arguments(self.script.schema_params, method, query, headers, body)
            except ClientError as e:
                self.send(K_CLIENT, e.status, body=str(e).encode("utf-8"))
                return
        elif method == "GET":
            kwargs = {self.script.data_param: query_to_json(query)}
        else:
            try:
                kwargs = {self.script.data_param: body.decode("utf-8")}
            except UnicodeDecodeError as e:
                self.send(K_CLIENT, 400, body=f"Input cannot be decoded as UTF-8: {e}".encode())
                return
        if self.script.wants_headers:
            merged = {}
            for name, value in headers:
                key = name.title()
                merged[key] = f"{merged[key]},{value}" if key in merged else value
            kwargs["request_headers"] = merged
        self.call_run(kwargs)

    def call_run(self, kwargs):
        start = time.perf_counter()
        try:
            self.in_run = True
            signal.setitimer(signal.ITIMER_REAL, self.timeout_ms / 1000.0)
            try:
                result = self.script.run(**kwargs)
            finally:
                self.in_run = False
                signal.setitimer(signal.ITIMER_REAL, 0)
        except ScoringTimeout:
            log.error("Scoring timeout after %d ms", self.timeout_ms)
            self.send(K_TIMEOUT, 500)
            return
        except Exception as e:  # noqa: BLE001 - run() failures are the user's
            log.error("Encountered Exception: %s", traceback.format_exc())
            self.send(K_RUN_FAILED, 500, body=f"{type(e).__name__}: {e}".encode("utf-8", "replace"))
            return
        run_ms = (time.perf_counter() - start) * 1000.0
        self.reply(result, run_ms)

    def reply(self, result, run_ms):
        try:
            if isinstance(result, self.response_type):
                self.reply_response(result, run_ms)
                return
            body = b"{}" if result is None else json.dumps(result).encode("utf-8")
        except Exception as e:  # noqa: BLE001
            log.error("Encountered Exception: %s", traceback.format_exc())
            self.send(K_INTERNAL, 500, body=f"{type(e).__name__}: {e}".encode("utf-8", "replace"))
            return
        self.send(K_OK, 200, run_ms, body=body)

    def reply_response(self, r, run_ms):
        pairs = []
        content_type = None
        for name, value in (r.headers or {}).items():
            if name.lower() == "content-type":
                content_type = str(value)
                continue
            pairs.extend([name, part] for part in str(value).split(","))
        streaming = not r.json_str and (inspect.isgenerator(r.message) or hasattr(r.message, "__next__"))
        if r.message is None:
            body, content_type = b"{}", "application/json"
        elif streaming:
            body, content_type = b"", content_type or "text/html; charset=utf-8"
        elif r.json_str:
            body, content_type = json.dumps(r.message).encode("utf-8"), "application/json"
        else:
            body = to_bytes(r.message)
            content_type = content_type or "text/html; charset=utf-8"
        pairs.append(["Content-Type", content_type])
        failed = bool(r.run_function_failed) or r.status_code >= 500
        kind_status = r.status_code | (0x8000 if failed else 0)
        if not streaming:
            self.send(K_RESPONSE, kind_status, run_ms, json.dumps(pairs).encode("utf-8"), body)
            return
        self.send(K_STREAM, kind_status, run_ms, json.dumps(pairs).encode("utf-8"))
        try:
            for part in r.message:
                self.send(K_CHUNK, body=to_bytes([part]))
        except Exception:  # noqa: BLE001 - the generator is user code; the response is cut short
            log.error("Encountered Exception: %s", traceback.format_exc())
        self.send(K_END)


def to_bytes(message):
    if isinstance(message, bytes):
        return message
    if isinstance(message, str):
        return message.encode("utf-8")
    return b"".join(part if isinstance(part, bytes) else str(part).encode("utf-8") for part in message)


def listen_for_debugger():
    """With BERTH_DEBUG_PORT (berth service debug, or --debug_port): debugpy listens on 127.0.0.1 before the script
    loads, so breakpoints in init() and run() hold; BERTH_DEBUG_WAIT=true holds init() until a debugger attaches."""
    port = os.environ.get("BERTH_DEBUG_PORT")
    if not port:
        return
    try:
        import debugpy
    except ImportError:
        log.error("Debugging needs debugpy, which this Python (%s) cannot import. Install it: apt-get install "
                  "python3-debugpy (or add debugpy to the environment's pip packages).", sys.executable)
        sys.exit(3)
    try:
        debugpy.listen(("127.0.0.1", int(port)))
    except Exception as e:  # noqa: BLE001 - the port is the user's choice
        log.error("The debugger could not listen on 127.0.0.1:%s: %s. Pick another port (berth service debug --port).", port, e)
        sys.exit(3)
    log.info("Debugger (debugpy %s) listening on 127.0.0.1:%s", debugpy.__version__, port)
    if os.environ.get("BERTH_DEBUG_WAIT", "").lower() == "true":
        log.info("Waiting for a debugger to attach before init()")
        debugpy.wait_for_client()
        log.info("Debugger attached")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--socket", required=True)
    parser.add_argument("--entry-script", required=True)
    parser.add_argument("--timeout-ms", type=int, required=True)
    args = parser.parse_args()

    sys.path.insert(0, HERE)
    setup_logging()
    exit_with_parent()
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.connect(args.socket)

    app_root = os.environ.get("AML_APP_ROOT", os.getcwd())
    sys.path.append(app_root)
    source_dir = os.environ.get("AZUREML_SOURCE_DIRECTORY")
    if source_dir:
        sys.path.append(os.path.join(app_root, source_dir))
    sys.path.append(os.path.dirname(os.path.abspath(args.entry_script)))
    # Last: Berth's own inference_schema serves only when the environment has no real one.
    sys.path.append(os.path.join(HERE, "provided"))

    listen_for_debugger()
    script = Script(os.path.abspath(args.entry_script))
    boot(script)
    worker = Worker(script, sock, args.timeout_ms)
    log.info("Scoring timeout is set to %d", args.timeout_ms)
    log.info("Worker with pid %d ready for serving traffic", os.getpid())
    ready = json.dumps({"pid": os.getpid(), "wants_headers": script.wants_headers or script.raw_http or script.schema is not None,
                        "raw_http": script.raw_http, "schema": script.schema}).encode()
    sock.sendall(struct.pack("<IB", len(ready) + 1, 0) + ready)
    worker.serve()


if __name__ == "__main__":
    main()

"""Fixture: one run() that does what the request's "kind" asks, to exercise the scoring contract."""
import json
import os
import signal
import time

from azureml.contrib.services.aml_response import AMLResponse
from azureml.core.model import Model


def init():
    print("Initializing")


def run(data, request_headers):
    try:
        request = json.loads(data)
    except ValueError:
        request = None
    if not isinstance(request, dict) or "kind" not in request:
        return {"input": data}
    return KINDS[request["kind"]](request, request_headers)


def sleep(request, _):
    time.sleep(request["seconds"])
    return "slept"


def hang(request, _):
    signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGALRM])  # a run() the worker's own timer cannot stop
    time.sleep(request["seconds"])
    return "hung"


def model_path(request, _):
    try:
        return {"path": Model.get_model_path(request["name"], request.get("version"))}
    except Exception as e:  # noqa: BLE001 - the test reads the message
        return {"error": type(e).__name__, "message": str(e)}


def raise_error(request, _):
    raise ValueError("boom: " + request.get("text", ""))


def stream(request, _):
    def items():
        for i in range(request.get("count", 3)):
            yield f"item: {i}\n\n"
            time.sleep(request.get("pause", 0))
    return AMLResponse(items(), 200, {"Content-Type": "text/event-stream"})


def print_marker(request, _):
    print(request["marker"])
    return "printed"


KINDS = {
    "str": lambda r, h: "hello",
    "json_str": lambda r, h: json.dumps({"result": [1, 0]}),
    "none": lambda r, h: None,
    "unserializable": lambda r, h: {"value": object()},
    "raise": raise_error,
    "aml_json": lambda r, h: AMLResponse("test", 555, json_str=True),
    "aml_raw": lambda r, h: AMLResponse("test", 444, {"X-Multi": "a,b", "Content-Type": "text/plain"}),
    "aml_none": lambda r, h: AMLResponse(None, 333),
    "aml_request_id": lambda r, h: AMLResponse("x", 200, {"x-request-id": "from-user"}),
    "headers": lambda r, h: h,
    "sleep": sleep,
    "stream": stream,
    "hang": hang,
    "model_path": model_path,
    "print": print_marker,
    "exit": lambda r, h: os._exit(9),
    "pid": lambda r, h: os.getpid(),
    "source_dir": lambda r, h: __import__("berth_helper").VALUE,
    "env": lambda r, h: {k: os.environ.get(k) for k in ("AML_APP_ROOT", "AZUREML_MODEL_DIR", "AZUREML_ENTRY_SCRIPT")},
}

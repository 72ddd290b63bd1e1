"""Logging for the Berth scoring worker, in the platform's line shape.

`2022-12-24 07:37:53,318 I [32726] azmlinfsrv - message`, UTC; print() becomes azmlinfsrv.print lines.
"""
import logging
import os
import sys
import time


class _FdHandler(logging.Handler):
    """Writes each record with one write() to stdout, which the server process shares."""

    def emit(self, record):
        try:
            os.write(1, (self.format(record) + "\n").encode("utf-8", "replace"))
        except Exception:  # noqa: BLE001 - logging must never break scoring
            pass


class _PrintToLog:
    """sys.stdout replacement: print() output becomes azmlinfsrv.print INFO lines."""

    encoding = "utf-8"

    def __init__(self):
        self._logger = logging.getLogger("azmlinfsrv.print")
        self._pending = ""

    def write(self, text):
        self._pending += text
        while "\n" in self._pending:
            line, self._pending = self._pending.split("\n", 1)
            self._logger.info(line)
        return len(text)

    def flush(self):
        if self._pending:
            self._logger.info(self._pending)
            self._pending = ""

    def isatty(self):
        return False

    def fileno(self):
        return 1


def setup_logging():
    handler = _FdHandler()
    formatter = logging.Formatter("%(asctime)s %(levelname).1s [%(process)d] %(name)s - %(message)s")
    formatter.converter = time.gmtime
    handler.setFormatter(formatter)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(os.environ.get("AZUREML_LOG_LEVEL", "INFO").upper())
    sys.stdout = _PrintToLog()
    logging.captureWarnings(True)  # warnings.warn() (e.g. scikit-learn's) become py.warnings log lines on stdout


def list_model_dir(model_dir, limit=200):
    lines = []
    for root, dirs, files in os.walk(model_dir):
        dirs.sort()
        depth = os.path.relpath(root, model_dir).count(os.sep) + (0 if root == model_dir else 1)
        lines.append("    " * depth + os.path.basename(root.rstrip(os.sep)) + "/")
        lines.extend("    " * (depth + 1) + f for f in sorted(files))
    if len(lines) > limit:
        return "\n".join(lines[:limit]) + f"\nOutput Truncated. First {limit} lines shown."
    return "\n".join(lines)

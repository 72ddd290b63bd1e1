"""@rawhttp and AMLRequest: a decorated run(request) gets the request itself (GET, POST and OPTIONS)."""
import json
from urllib.parse import parse_qsl


def rawhttp(func):
    func.__berth_rawhttp__ = True
    return func


class AMLRequest:
    """The parts of a Flask request that scoring scripts use."""

    def __init__(self, method, query, headers, body):
        self.method = method
        self.query_string = query.encode("utf-8")
        self.headers = {k.title(): v for k, v in headers.items()}
        self.args = {}
        for key, value in parse_qsl(query, keep_blank_values=True):
            self.args.setdefault(key, value)
        self.data = bytes(body)

    def get_data(self, as_text=False):
        return self.data.decode("utf-8") if as_text else self.data

    def get_json(self, force=False, silent=False):
        try:
            return json.loads(self.data)
        except ValueError:
            if silent:
                return None
            raise

    @property
    def json(self):
        return self.get_json()

    @property
    def is_json(self):
        ct = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        return ct == "application/json" or ct.endswith("+json")

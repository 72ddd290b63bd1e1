"""@rawhttp and AMLRequest: a decorated run(request) gets the request itself (GET, POST and OPTIONS).

AMLRequest behaves like the Flask request that scoring scripts were written against: case-insensitive,
multi-valued ``headers`` (iteration yields (name, value) pairs), ``args``, ``form`` and ``files`` with
``get``/``getlist``, ``content_type``, ``mimetype``, ``get_json()``, ``get_data()``, ``method``, ``path``,
``full_path`` and ``query_string``.
"""
import email.parser
import email.policy
import io
import json
import shutil
from urllib.parse import parse_qsl

_rawHttpRequested = False  # the platform's module flag: set once a run() is decorated with @rawhttp


def rawhttp(func):
    global _rawHttpRequested
    _rawHttpRequested = True
    func.__berth_rawhttp__ = True
    return func


def _typed(value, convert, default):
    """Werkzeug's ``get(..., type=int)``: the converted value, or the default when it does not convert."""
    if convert is None:
        return value
    try:
        return convert(value)
    except (ValueError, TypeError):
        return default


class MultiDict(dict):
    """Keys with one or more values, in order. As a dict it holds each key's first value (so ``d[key]``, ``get`` and
    ``json.dumps(d)`` see that); ``getlist`` gives all of them."""

    def __init__(self, pairs=()):
        self._pairs = list(pairs)
        super().__init__()
        for key, value in self._pairs:
            if not dict.__contains__(self, key):
                dict.__setitem__(self, key, value)

    def get(self, key, default=None, type=None):  # noqa: A002 - Werkzeug's signature
        if not dict.__contains__(self, key):
            return default
        return _typed(dict.__getitem__(self, key), type, default)

    def getlist(self, key, type=None):  # noqa: A002
        values = [v for k, v in self._pairs if k == key]
        return [type(v) for v in values] if type else values

    def items(self, multi=False):
        return list(self._pairs) if multi else list(dict.items(self))

    def lists(self):
        return [(k, self.getlist(k)) for k in self.keys()]

    def to_dict(self, flat=True):
        return {k: (dict.__getitem__(self, k) if flat else self.getlist(k)) for k in self.keys()}

    def __repr__(self):
        return f"{type(self).__name__}({self._pairs!r})"


class Headers:
    """Request headers: names compare case-insensitively, a header may repeat, iteration yields (name, value)."""

    def __init__(self, pairs=()):
        self._pairs = [(str(k), str(v)) for k, v in pairs]

    def get(self, key, default=None, type=None):  # noqa: A002
        values = self.getlist(key)
        return _typed(values[0], type, default) if values else default

    def getlist(self, key, type=None):  # noqa: A002
        values = [v for k, v in self._pairs if k.lower() == str(key).lower()]
        return [type(v) for v in values] if type else values

    get_all = getlist

    def __getitem__(self, key):
        values = self.getlist(key)
        if not values:
            raise KeyError(key)
        return values[0]

    def __contains__(self, key):
        return bool(self.getlist(key))

    def __iter__(self):
        return iter(list(self._pairs))

    def __len__(self):
        return len(self._pairs)

    def keys(self, lower=False):
        return [k.lower() if lower else k for k, _ in self._pairs]

    def values(self):
        return [v for _, v in self._pairs]

    def items(self, lower=False):
        return [(k.lower() if lower else k, v) for k, v in self._pairs]

    def to_wsgi_list(self):
        return list(self._pairs)

    def __repr__(self):
        return f"Headers({self._pairs!r})"


class FileStorage:
    """An uploaded file of a multipart form, like Werkzeug's: ``filename``, ``content_type``, ``read()``, ``save()``."""

    def __init__(self, data, filename, name, content_type):
        self.stream = io.BytesIO(data)
        self.filename = filename
        self.name = name
        self.content_type = content_type
        self.mimetype = (content_type or "").split(";")[0].strip().lower()

    def read(self, *args):
        return self.stream.read(*args)

    def save(self, destination):
        self.stream.seek(0)
        if isinstance(destination, (str, bytes)) or hasattr(destination, "__fspath__"):
            with open(destination, "wb") as out:
                shutil.copyfileobj(self.stream, out)
        else:
            shutil.copyfileobj(self.stream, destination)

    def __repr__(self):
        return f"<FileStorage: {self.filename!r} ({self.content_type!r})>"


class AMLRequest:
    """The request a @rawhttp run() receives."""

    def __init__(self, method, query, header_pairs, body, path="/score"):
        self.method = method
        self.path = path
        self.query_string = query.encode("utf-8")
        self.full_path = f"{path}?{query}"
        self.headers = Headers(header_pairs)
        self.args = MultiDict(parse_qsl(query, keep_blank_values=True))
        self.data = bytes(body)
        self.content_type = self.headers.get("Content-Type")
        self.mimetype = (self.content_type or "").split(";")[0].strip().lower()
        self.content_length = len(self.data)
        self._form = None
        self._files = None

    def get_data(self, cache=True, as_text=False, parse_form_data=False):
        return self.data.decode("utf-8", "replace") if as_text else self.data

    def get_json(self, force=False, silent=False, cache=True):
        if not (force or self.is_json):
            return None
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
        return self.mimetype == "application/json" or (self.mimetype.startswith("application/") and self.mimetype.endswith("+json"))

    @property
    def form(self):
        self._parse_form()
        return self._form

    @property
    def files(self):
        self._parse_form()
        return self._files

    @property
    def values(self):
        return MultiDict(self.args.items(multi=True) + self.form.items(multi=True))

    def _parse_form(self):
        if self._form is not None:
            return
        fields, files = [], []
        if self.mimetype == "application/x-www-form-urlencoded":
            fields = parse_qsl(self.data.decode("utf-8", "replace"), keep_blank_values=True)
        elif self.mimetype == "multipart/form-data":
            head = f"Content-Type: {self.content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode("utf-8")
            message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + self.data)
            for part in message.iter_parts() if message.is_multipart() else []:
                name = part.get_param("name", header="content-disposition")
                filename = part.get_filename()
                payload = part.get_payload(decode=True) or b""
                if filename is not None:
                    files.append((name, FileStorage(payload, filename, name, part.get_content_type())))
                else:
                    charset = part.get_content_charset() or "utf-8"
                    fields.append((name, payload.decode(charset, "replace")))
        self._form = MultiDict(fields)
        self._files = MultiDict(files)

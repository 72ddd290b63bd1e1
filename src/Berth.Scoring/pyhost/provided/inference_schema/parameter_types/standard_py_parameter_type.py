"""StandardPythonParameterType: int, float, str, bool, bytes, dates and times, lists and dicts (which may nest other types)."""
import base64
import datetime
import json

from .abstract_parameter_type import AbstractParameterType


class StandardPythonParameterType(AbstractParameterType):
    def deserialize_input(self, input_data):
        sample, kind = self.sample_input, self.sample_data_type
        if kind is dict and isinstance(input_data, dict):
            return {k: _nested(sample.get(k), v) for k, v in input_data.items()}
        if kind in (list, tuple) and isinstance(input_data, (list, tuple)):
            item = sample[0] if len(sample) > 0 else None
            converted = [_nested(item, v) for v in input_data]
            return tuple(converted) if kind is tuple else converted
        if kind is float and isinstance(input_data, int) and not isinstance(input_data, bool):
            input_data = float(input_data)
        elif kind is datetime.datetime and isinstance(input_data, str):
            input_data = _parse_datetime(input_data)
        elif kind is datetime.date and isinstance(input_data, str):
            input_data = datetime.date.fromisoformat(input_data)
        elif kind is datetime.time and isinstance(input_data, str):
            input_data = datetime.time.fromisoformat(input_data)
        elif kind in (bytes, bytearray) and isinstance(input_data, str):
            input_data = kind(base64.b64decode(input_data.encode("utf-8")))
        if not isinstance(input_data, kind) or (kind is int and isinstance(input_data, bool)):
            raise ValueError(f"Invalid input data type to parse. Expected: {kind} but got {type(input_data)}")
        return input_data

    def input_to_swagger(self):
        sample, kind = self.sample_input, self.sample_data_type
        if sample is None:
            raise ValueError("Python data cannot be None")
        if kind is bool:
            schema = {"type": "boolean", "example": sample}
        elif kind is int:
            schema = {"type": "integer", "format": "int64", "example": sample}
        elif kind is float:
            schema = {"type": "number", "format": "double", "example": sample}
        elif kind is str:
            schema = {"type": "string", "example": sample}
        elif kind in (bytes, bytearray):
            schema = {"type": "string", "format": "byte", "example": base64.b64encode(sample).decode("utf-8")}
        elif kind is datetime.datetime:
            schema = {"type": "string", "format": "date-time", "example": sample.isoformat()}
        elif kind is datetime.date:
            schema = {"type": "string", "format": "date", "example": sample.isoformat()}
        elif kind is datetime.time:
            schema = {"type": "string", "format": "time", "example": sample.isoformat()}
        elif kind in (list, tuple, range):
            items = [_swagger(v) for v in sample]
            item_schema = dict(items[0]) if items else {"type": "object"}
            item_schema.pop("example", None)
            schema = {"type": "array", "items": item_schema, "example": [i.get("example") for i in items]}
        elif kind is dict:
            properties = {k: _swagger(v) for k, v in sample.items()}
            schema = {"type": "object", "required": list(sample.keys()),
                      "properties": {k: {x: y for x, y in p.items() if x != "example"} for k, p in properties.items()},
                      "example": {k: p.get("example") for k, p in properties.items()}}
        else:
            schema = {"type": "object", "example": sample}
        try:
            json.dumps(schema)
        except TypeError as e:
            raise TypeError(f"Invalid python data sample provided: ensure that the data is fully JSON serializable: {e}")
        return schema


def _nested(sample, value):
    if isinstance(sample, AbstractParameterType):
        return sample if value is None else (value if isinstance(value, sample.sample_data_type) else sample.deserialize_input(value))
    return value


def _swagger(value):
    if isinstance(value, AbstractParameterType):
        return value.input_to_swagger()
    return StandardPythonParameterType(value).input_to_swagger()


def _parse_datetime(text):
    try:
        return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        from dateutil import parser  # python3-dateutil, when a format needs it
        return parser.parse(text)

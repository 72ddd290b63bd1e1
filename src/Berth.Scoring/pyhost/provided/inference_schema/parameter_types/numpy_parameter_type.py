"""NumpyParameterType: a JSON (nested) list becomes a numpy array of the sample's dtype and trailing shape."""
import numpy as np

from .abstract_parameter_type import AbstractParameterType

_KINDS = {"b": {"type": "boolean"}, "i": {"type": "integer", "format": "int64"}, "u": {"type": "integer", "format": "int64"},
          "f": {"type": "number", "format": "double"}, "U": {"type": "string"}, "S": {"type": "string"},
          "M": {"type": "string", "format": "date-time"}, "m": {"type": "string", "format": "timedelta"}}


class NumpyParameterType(AbstractParameterType):
    def __init__(self, sample_input, enforce_column_type=True, enforce_shape=True):
        if not isinstance(sample_input, np.ndarray):
            raise Exception("Invalid sample input provided, must provide a sample Numpy array.")
        super().__init__(sample_input)
        self.enforce_column_type = enforce_column_type
        self.enforce_shape = enforce_shape

    def deserialize_input(self, input_data):
        if isinstance(input_data, np.ndarray):
            array = input_data
        elif self.sample_input.dtype.names:
            rows = [tuple(r[n] for n in self.sample_input.dtype.names) if isinstance(r, dict) else tuple(r) for r in input_data]
            array = np.array(rows, dtype=self.sample_input.dtype)
        else:
            array = np.array(input_data, dtype=self.sample_input.dtype if self.enforce_column_type else None)
        if self.enforce_shape and array.shape[1:] != self.sample_input.shape[1:]:
            raise ValueError(f"Invalid input array shape {array.shape}: expected (n,{','.join(map(str, self.sample_input.shape[1:]))}) "
                             f"like the sample's {self.sample_input.shape}")
        return array

    def input_to_swagger(self):
        sample = self.sample_input
        schema = {"type": "array", "format": "numpy.ndarray", "items": _items(sample.dtype, sample.shape[1:])}
        schema["example"] = sample.tolist() if not sample.dtype.names else [list(r) for r in sample.tolist()]
        return schema


def _items(dtype, shape):
    if shape:
        return {"type": "array", "items": _items(dtype, shape[1:])}
    if dtype.names:
        return {"type": "object", "required": list(dtype.names), "properties": {n: _items(dtype.fields[n][0], ()) for n in dtype.names}}
    return dict(_KINDS.get(dtype.kind, {"type": "object"}))

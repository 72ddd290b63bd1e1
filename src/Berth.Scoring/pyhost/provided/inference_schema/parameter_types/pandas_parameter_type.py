"""PandasParameterType: JSON in one of pandas' orients becomes a DataFrame with the sample's columns and dtypes."""
import json

import pandas as pd

from .abstract_parameter_type import AbstractParameterType

_ORIENTS = ("split", "records", "index", "columns", "values", "table")
_KINDS = {"b": {"type": "boolean"}, "i": {"type": "integer", "format": "int64"}, "u": {"type": "integer", "format": "int64"},
          "f": {"type": "number", "format": "double"}, "O": {"type": "string"}, "M": {"type": "string", "format": "date-time"}}


class PandasParameterType(AbstractParameterType):
    def __init__(self, sample_input, enforce_column_type=True, enforce_shape=True, apply_column_names=False, orient="records"):
        if not isinstance(sample_input, pd.DataFrame):
            raise Exception("Invalid sample input provided, must provide a sample Pandas Dataframe.")
        if orient not in _ORIENTS:
            raise Exception(f"Invalid orient provided, must be one of {list(_ORIENTS)}")
        super().__init__(sample_input)
        self.enforce_column_type = enforce_column_type
        self.enforce_shape = enforce_shape
        self.apply_column_names = apply_column_names
        self.orient = orient

    def deserialize_input(self, input_data):
        if isinstance(input_data, pd.DataFrame):
            frame = input_data
        elif self.orient == "records" and isinstance(input_data, list):
            frame = pd.DataFrame.from_records(input_data)
        else:
            frame = pd.read_json(json.dumps(input_data), orient=self.orient)
        sample = self.sample_input
        if self.apply_column_names and len(frame.columns) == len(sample.columns):
            frame.columns = sample.columns
        if self.enforce_shape and len(frame.columns) != len(sample.columns):
            raise ValueError(f"Invalid input data frame: expected {len(sample.columns)} columns "
                             f"({', '.join(map(str, sample.columns))}) but got {len(frame.columns)} ({', '.join(map(str, frame.columns))})")
        if self.enforce_column_type:
            missing = [c for c in sample.columns if c not in frame.columns]
            if missing:
                raise ValueError(f"Invalid input data frame: missing columns {missing}")
            frame = frame[list(sample.columns)].astype(sample.dtypes.to_dict())
        return frame

    def input_to_swagger(self):
        sample = self.sample_input
        columns = [str(c) for c in sample.columns]
        properties = {str(c): dict(_KINDS.get(sample.dtypes[c].kind, {"type": "object"})) for c in sample.columns}
        example = json.loads(sample.to_json(orient=self.orient, date_format="iso"))
        if self.orient == "records":
            return {"type": "array", "format": f"pandas.DataFrame:{self.orient}",
                    "items": {"type": "object", "required": columns, "properties": properties}, "example": example}
        return {"type": "object", "format": f"pandas.DataFrame:{self.orient}", "example": example}

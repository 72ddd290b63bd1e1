"""Fixture: run() decorated with a pandas DataFrame parameter (records orient) and a standard type."""
import pandas as pd
from inference_schema.parameter_types.pandas_parameter_type import PandasParameterType
from inference_schema.parameter_types.standard_py_parameter_type import StandardPythonParameterType
from inference_schema.schema_decorators import input_schema, output_schema

SAMPLE = pd.DataFrame({"age": [41], "income": [5200.5], "city": ["Brno"]})


def init():
    pass


@input_schema("frame", PandasParameterType(SAMPLE))
@input_schema("threshold", StandardPythonParameterType(10))
@output_schema(StandardPythonParameterType([True]))
def run(frame, threshold):
    return {"kind": type(frame).__name__, "columns": list(frame.columns), "dtypes": [str(d) for d in frame.dtypes],
            "rows": len(frame), "over": [bool(a > threshold) for a in frame["age"]]}

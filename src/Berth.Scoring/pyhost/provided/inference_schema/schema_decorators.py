"""@input_schema and @output_schema: declare run()'s parameters and result with sample data.

A decorated run() converts each declared parameter to the sample's type before it runs (a JSON list to a
numpy array or a DataFrame, an ISO string to a datetime, ...) unless ``convert_to_provided_type`` is False,
and carries the swagger schema built from the samples.
"""
import functools

from . import _schema
from .parameter_types.abstract_parameter_type import AbstractParameterType


def input_schema(param_name, param_type, convert_to_provided_type=True):
    if not isinstance(param_type, AbstractParameterType):
        raise Exception("Error, provided param_type must be a subclass of the AbstractParameterType.")

    def decorate(func):
        record = _schema.new_record(func)
        names = _schema.argument_names(func)
        if param_name not in names:
            raise Exception(f'Error, provided param_name "{param_name}" is not in the decorated function.')
        if record["input"] is None:
            record["input"] = {"type": "object", "properties": {n: {} for n in names}, "example": {n: "" for n in names}}
        swagger = dict(param_type.input_to_swagger())
        record["input"]["example"][param_name] = swagger.pop("example", None)
        record["input"]["properties"][param_name] = swagger
        position = names.index(param_name)

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            if convert_to_provided_type:
                if param_name in kwargs:
                    kwargs[param_name] = _convert(param_type, kwargs[param_name])
                elif position < len(args):
                    args = list(args)
                    args[position] = _convert(param_type, args[position])
            return func(*args, **kwargs)

        setattr(wrapper, _schema.ATTRIBUTE, record)
        return wrapper

    return decorate


def output_schema(output_type):
    if not isinstance(output_type, AbstractParameterType):
        raise Exception("Error, provided param_type must be a subclass of the AbstractParameterType.")

    def decorate(func):
        record = _schema.new_record(func)
        if record["output"] is not None:
            raise Exception(f"Error, output schema already defined for function: {record['base'].__qualname__}.")
        record["output"] = output_type.input_to_swagger()

        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            return func(*args, **kwargs)

        setattr(wrapper, _schema.ATTRIBUTE, record)
        return wrapper

    return decorate


def _convert(param_type, value):
    if isinstance(value, param_type.sample_data_type):
        return value
    return param_type.deserialize_input(value)

"""The schema record a decorated run() carries: its base function, input and output schemas, and converters."""
import inspect

ATTRIBUTE = "__berth_inference_schema__"
SUPPORTED_VERSIONS = ["2.0", "3.0", "3.1"]


def record_of(func):
    return getattr(func, ATTRIBUTE, None)


def base_of(func):
    record = record_of(func)
    return record["base"] if record else inspect.unwrap(func)


def argument_names(func):
    return [p.name for p in inspect.signature(base_of(func)).parameters.values()]


def new_record(func):
    """A fresh record for the function that wraps ``func`` (each layer gets its own copy)."""
    previous = record_of(func)
    if previous:
        return {"base": previous["base"], "input": _copy_input(previous["input"]), "output": previous["output"]}
    return {"base": inspect.unwrap(func), "input": None, "output": None}


def _copy_input(schema):
    if schema is None:
        return None
    return {"type": schema["type"], "properties": dict(schema["properties"]), "example": dict(schema["example"])}

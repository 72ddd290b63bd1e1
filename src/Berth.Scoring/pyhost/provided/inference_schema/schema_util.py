"""Reading the schemas of a decorated function, as the platform's server and swagger generation do."""
from . import _schema


def is_schema_decorated(func):
    record = _schema.record_of(func)
    return bool(record and (record["input"] is not None or record["output"] is not None))


def get_input_schema(func):
    record = _schema.record_of(func)
    return record["input"] if record and record["input"] is not None else {}


def get_output_schema(func):
    record = _schema.record_of(func)
    return record["output"] if record and record["output"] is not None else {}


def get_supported_versions(func):
    return list(_schema.SUPPORTED_VERSIONS)


def get_schemas_dict():
    return {}

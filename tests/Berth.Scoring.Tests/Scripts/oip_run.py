"""Fixture for the Open Inference Protocol over run(): numbers -> row sums, a string -> a greeting, named inputs -> their names."""
import json


def init():
    pass


def run(raw):
    body = json.loads(raw)
    if "data" not in body:
        return {"keys": sorted(body)}
    data = body["data"]
    if isinstance(data[0], str):
        if data[0] == "fail":
            raise ValueError("asked to fail")
        return "got " + data[0]
    return [sum(row) for row in data]

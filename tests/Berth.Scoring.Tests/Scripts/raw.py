"""Fixture: a @rawhttp run(request) that gets the request object for GET, POST and OPTIONS."""
import json

from azureml.contrib.services.aml_request import rawhttp
from azureml.contrib.services.aml_response import AMLResponse


def init():
    pass


@rawhttp
def run(request):
    if request.method == "OPTIONS":
        return AMLResponse("", 204, {"Allow": "GET, POST, OPTIONS"})
    described = {
        "method": request.method,
        "args": request.args,
        "body": request.get_data(as_text=True),
        "header": request.headers.get("X-Test"),
    }
    return AMLResponse(described, 200, json_str=True)

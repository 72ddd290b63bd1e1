"""Fixture: a @rawhttp run(request) that reads the request the way Flask scripts do."""
from azureml.contrib.services.aml_request import rawhttp
from azureml.contrib.services.aml_response import AMLResponse


def init():
    pass


@rawhttp
def run(request):
    files = {name: {"filename": f.filename, "content_type": f.content_type, "text": f.read().decode()}
             for name, f in request.files.items()}
    described = {
        "method": request.method,
        "path": request.path,
        "full_path": request.full_path,
        "content_type": request.content_type,
        "mimetype": request.mimetype,
        "x_tag_lower": request.headers.get("x-tag"),
        "x_tag_all": request.headers.getlist("X-Tag"),
        "header_pairs": sum(1 for name, _ in request.headers if name.lower() == "x-tag"),
        "has_header": "X-TAG" in request.headers,
        "args_first": request.args.get("k"),
        "args_all": request.args.getlist("k"),
        "args_int": request.args.get("n", type=int),
        "form": request.form.to_dict(flat=False),
        "files": files,
        "json": request.get_json(silent=True),
    }
    return AMLResponse(described, 200, json_str=True)

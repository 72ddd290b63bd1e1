from azureml.contrib.services.aml_request import AMLRequest, rawhttp  # noqa: F401

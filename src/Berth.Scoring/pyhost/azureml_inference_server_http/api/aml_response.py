from azureml.contrib.services.aml_response import AMLResponse  # noqa: F401

"""azureml.contrib.services shim: AMLResponse (raw responses) and @rawhttp / AMLRequest."""

"""Alias of azureml.contrib.services for scripts that import the platform server's api modules."""

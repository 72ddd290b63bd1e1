"""azureml.core shim: only Model.get_model_path is provided (what score.py uses in a service)."""
from azureml.core.model import Model  # noqa: F401

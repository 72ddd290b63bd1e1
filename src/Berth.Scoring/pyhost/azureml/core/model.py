"""Model.get_model_path() as the platform resolves it inside a service (no workspace, no Run).

Models live at <AML_APP_ROOT>/azureml-models/<name>/<version>/<the one file or folder>.
"""
import logging
import os

_log = logging.getLogger("azureml.core.model")


class WebserviceException(Exception):
    pass


class ModelNotFoundException(WebserviceException):
    pass


class Model:
    @staticmethod
    def get_model_path(model_name, version=None, _workspace=None):
        if version is not None and (not isinstance(version, int) or isinstance(version, bool)):
            raise WebserviceException("version should be an int")
        models_dir = os.path.join(os.environ.get("AML_APP_ROOT", ""), "azureml-models")
        model_dir = os.path.join(models_dir, model_name)
        _log.debug("Looking for model %s version %s in %s", model_name, version, model_dir)
        if os.path.isdir(model_dir):
            if version is None:
                versions = [int(v) for v in os.listdir(model_dir) if v.isdigit()]
                version = max(versions) if versions else None
            version_dir = os.path.join(model_dir, str(version)) if version is not None else None
            if version_dir and os.path.isdir(version_dir):
                entries = os.listdir(version_dir)
                if len(entries) != 1:
                    raise WebserviceException(
                        "Dir {} can contain only 1 file or folder. Found {}".format(version_dir, entries))
                path = os.path.join(version_dir, entries[0])
                _log.debug("Found model at %s", path)
                return path
        _log.debug("Model %s not in %s; trying %s in the current working directory", model_name, models_dir, model_name)
        if os.path.exists(model_name):
            return model_name
        raise ModelNotFoundException(
            "Model {} not found in cache at {} or in current working directory {}. "
            "For more info, set logging level to DEBUG.".format(model_name, models_dir, os.getcwd()))

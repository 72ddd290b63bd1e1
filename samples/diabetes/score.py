"""Scores the diabetes Ridge model: POST {"data": [[10 numbers], ...]} -> [prediction, ...].

The platform's classic entry script, unchanged in shape: init() loads the pickle once,
run() gets the request body as a JSON string.
"""
import json
import os
import pickle

import numpy as np
from azureml.core.model import Model

model = None


def init():
    global model
    with open(model_file("sklearn_regression_model.pkl"), "rb") as f:
        model = pickle.load(f)


def model_file(name):
    """The model folder keeps its name under AZUREML_MODEL_DIR (<dir>/model/...), as on the platform."""
    model_dir = os.getenv("AZUREML_MODEL_DIR")
    if model_dir:
        for candidate in (os.path.join(model_dir, "model", name), os.path.join(model_dir, name)):
            if os.path.exists(candidate):
                return candidate
    return os.path.join(Model.get_model_path("diabetes"), name)


def run(raw_data):
    data = np.array(json.loads(raw_data)["data"], dtype=float)
    return model.predict(data).tolist()

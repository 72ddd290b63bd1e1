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
    model_dir = os.getenv("AZUREML_MODEL_DIR")
    if model_dir:
        path = os.path.join(model_dir, "sklearn_regression_model.pkl")
    else:
        path = Model.get_model_path("sklearn_regression_model.pkl")
    with open(path, "rb") as f:
        model = pickle.load(f)


def run(raw_data):
    data = np.array(json.loads(raw_data)["data"], dtype=float)
    return model.predict(data).tolist()

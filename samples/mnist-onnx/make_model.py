"""Trains a small digit classifier on scikit-learn's 8x8 digits and writes it as ONNX.

Softmax regression (64 pixels -> 10 classes) fitted with plain numpy gradient descent from a fixed
seed, so every run writes the same model.onnx byte for byte. The graph is built with onnx.helper:

    input FP32 [-1, 64] (pixels 0..16, row-major 8x8)
      -> MatMul(W) -> Add(b) = logits
      -> Softmax(axis=1) = probabilities FP32 [-1, 10]
      -> ArgMax(axis=1)  = label INT64 [-1]

It also writes the test image (the first digit of the held-out half) as an Open Inference Protocol
request (request-oip.json) and a /score request (request-score.json), and expected.json: the
probabilities numpy computes for it, which the tests compare ONNX Runtime's answer with.

Needs Debian's python3-onnx, python3-numpy and python3-sklearn:  /usr/bin/python3 make_model.py
"""
import json
import os

import numpy as np
import onnx
from onnx import TensorProto, helper
from sklearn.datasets import load_digits

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = 20261202
EPOCHS = 2000
LEARNING_RATE = 1.0


def softmax(z):
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def train(x, y):
    rng = np.random.default_rng(SEED)
    w = rng.normal(0.0, 0.01, size=(64, 10))
    b = np.zeros(10)
    onehot = np.eye(10)[y]
    xs = x / 16.0
    for _ in range(EPOCHS):
        p = softmax(xs @ w + b)
        grad = (p - onehot) / len(x)
        w -= LEARNING_RATE * (xs.T @ grad + 1e-4 * w)
        b -= LEARNING_RATE * grad.sum(axis=0)
    # Fold the 1/16 scaling into the weights: the model takes the raw 0..16 pixels.
    return (w / 16.0).astype(np.float32), b.astype(np.float32)


def graph(w, b):
    nodes = [
        helper.make_node("MatMul", ["input", "W"], ["xw"]),
        helper.make_node("Add", ["xw", "b"], ["logits"]),
        helper.make_node("Softmax", ["logits"], ["probabilities"], axis=1),
        helper.make_node("ArgMax", ["logits"], ["label"], axis=1, keepdims=0),
    ]
    g = helper.make_graph(
        nodes,
        "mnist-digits",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["batch", 64])],
        [
            helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, ["batch", 10]),
            helper.make_tensor_value_info("label", TensorProto.INT64, ["batch"]),
        ],
        [
            helper.make_tensor("W", TensorProto.FLOAT, [64, 10], w.flatten().tolist()),
            helper.make_tensor("b", TensorProto.FLOAT, [10], b.tolist()),
        ],
    )
    model = helper.make_model(g, producer_name="berth-samples", opset_imports=[helper.make_opsetid("", 13)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model


def write_json(name, value):
    with open(os.path.join(HERE, name), "w") as f:
        json.dump(value, f, indent=1)
        f.write("\n")


def main():
    digits = load_digits()
    x, y = digits.data, digits.target
    half = len(x) // 2
    w, b = train(x[:half], y[:half])
    test_x, test_y = x[half:].astype(np.float32), y[half:]
    accuracy = float((np.argmax(test_x @ w + b, axis=1) == test_y).mean())
    onnx.save(graph(w, b), os.path.join(HERE, "model.onnx"))

    image = test_x[0]
    probabilities = softmax((image[None, :] @ w + b).astype(np.float64))[0]
    pixels = [int(v) for v in image]
    write_json("request-oip.json", {"inputs": [{"name": "input", "shape": [1, 64], "datatype": "FP32", "data": pixels}]})
    write_json("request-score.json", {"data": [pixels]})
    write_json("request-score-cs.json", {"pixels": [round(v * 255 / 16) for v in pixels]})
    write_json("expected.json", {"label": int(test_y[0]), "predicted": int(np.argmax(probabilities)),
                                 "probabilities": [float(p) for p in probabilities], "held_out_accuracy": accuracy})
    print(f"model.onnx: held-out accuracy {accuracy:.3f}; test image is a {int(test_y[0])}")


if __name__ == "__main__":
    main()

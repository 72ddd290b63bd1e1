"""Writes the ONNX fixtures of the scoring tests (committed, so the tests need no python3-onnx).

identity_types.onnx  one Identity per OIP datatype ONNX has: input x_<type> [-1, 2] -> output y_<type> [-1, 2]
custom_op.onnx       a node of an operator in a domain ONNX Runtime does not know (a missing custom operator)
future_opset.onnx    a graph stamped with opset 99 of the default domain (an opset the runtime does not support)

Needs Debian's python3-onnx:  /usr/bin/python3 make_models.py
"""
import os

import onnx
from onnx import TensorProto, helper

HERE = os.path.dirname(os.path.abspath(__file__))
TYPES = {
    "bool": TensorProto.BOOL, "uint8": TensorProto.UINT8, "uint16": TensorProto.UINT16, "uint32": TensorProto.UINT32,
    "uint64": TensorProto.UINT64, "int8": TensorProto.INT8, "int16": TensorProto.INT16, "int32": TensorProto.INT32,
    "int64": TensorProto.INT64, "fp16": TensorProto.FLOAT16, "fp32": TensorProto.FLOAT, "fp64": TensorProto.DOUBLE,
    "bytes": TensorProto.STRING,
}


def save(model, name):
    model.ir_version = 8
    onnx.save(model, os.path.join(HERE, name))


def identity_types():
    nodes = [helper.make_node("Identity", [f"x_{t}"], [f"y_{t}"]) for t in TYPES]
    inputs = [helper.make_tensor_value_info(f"x_{t}", e, ["n", 2]) for t, e in TYPES.items()]
    outputs = [helper.make_tensor_value_info(f"y_{t}", e, ["n", 2]) for t, e in TYPES.items()]
    model = helper.make_model(helper.make_graph(nodes, "identity-types", inputs, outputs), opset_imports=[helper.make_opsetid("", 13)])
    onnx.checker.check_model(model)
    save(model, "identity_types.onnx")


def one_node(op, domain, opsets, name):
    node = helper.make_node(op, ["x"], ["y"], domain=domain)
    g = helper.make_graph([node], name, [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1])],
                          [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1])])
    save(helper.make_model(g, opset_imports=opsets), name + ".onnx")


if __name__ == "__main__":
    identity_types()
    one_node("BerthSecretOp", "com.example.custom", [helper.make_opsetid("", 13), helper.make_opsetid("com.example.custom", 1)], "custom_op")
    one_node("Identity", "", [helper.make_opsetid("", 99)], "future_opset")

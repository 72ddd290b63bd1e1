"""Berth's own inference_schema: the decorators and parameter types of the platform's inference-schema package.

berth-scoring appends this folder to the end of sys.path, so a real inference-schema installed in the
environment is imported instead; this one serves scripts whose environment only names the package.
"""

"""Berth's small stand-in for the parts of the azureml SDK that entry scripts use inside a service."""

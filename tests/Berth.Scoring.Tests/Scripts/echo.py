"""Fixture: the platform's undecorated run(data); data is the body as a str."""


def init():
    pass


def run(data):
    return {"input": data, "type": type(data).__name__}

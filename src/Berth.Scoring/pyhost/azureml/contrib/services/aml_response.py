"""AMLResponse: return one from run() to set the status, headers and body yourself."""


class AMLResponse:
    def __init__(self, message, status_code, response_headers=None, json_str=False, run_function_failed=False):
        self.message = message
        self.status_code = int(status_code)
        self.headers = dict(response_headers or {})
        self.json_str = json_str
        self.run_function_failed = run_function_failed

    @property
    def response_headers(self):
        return self.headers

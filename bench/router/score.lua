wrk.method = "POST"
wrk.body = '{"data": [[0.038, 0.050, 0.061, 0.021, -0.044, -0.034, -0.043, -0.002, 0.019, -0.017]]}'
wrk.headers["Content-Type"] = "application/json"

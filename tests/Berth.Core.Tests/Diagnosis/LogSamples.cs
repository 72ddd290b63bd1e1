namespace Berth.Tests.Diagnosis;

/// <summary>Replica logs as the inference server and Python 3.11 print them (reference §1.8).</summary>
internal static class LogSamples
{
    public const string Banner = """
        Azure ML Inferencing HTTP server v1.4.0


        Server Settings
        ---------------
        Entry Script Name: /var/azureml-app/score.py
        Model Directory: /var/azureml-app/azureml-models/diabetes/1
        Config File: None
        Worker Count: 1
        Worker Timeout (seconds): 300
        Server Port: 5001
        Health Port: 5001
        Application Insights Enabled: false
        Application Insights Key: None
        Inferencing HTTP server version: azmlinfsrv/1.4.0
        CORS for the specified origins: None
        Create dedicated endpoint for health: None


        Server Routes
        ---------------
        Liveness Probe: GET   127.0.0.1:5001/
        Score:          POST  127.0.0.1:5001/score

        2026-11-25 12:00:00,101 I [41] gunicorn.error - Starting gunicorn 22.0.0
        2026-11-25 12:00:00,102 I [41] gunicorn.error - Listening at: http://0.0.0.0:5001 (41)
        2026-11-25 12:00:00,102 I [41] gunicorn.error - Using worker: sync
        2026-11-25 12:00:00,105 I [41] gunicorn.error - Booting worker with pid: 52
        Initializing logger
        2026-11-25 12:00:00,601 I [52] azmlinfsrv - Starting up app insights client
        2026-11-25 12:00:00,790 I [52] azmlinfsrv.user_script - Found user script at /var/azureml-app/score.py
        2026-11-25 12:00:00,790 I [52] azmlinfsrv.user_script - run() is not decorated. Server will invoke it with the input in JSON string.
        2026-11-25 12:00:00,790 I [52] azmlinfsrv.user_script - Invoking user's init function
        """;

    public const string Healthy = Banner + "\n" + """
        2026-11-25 12:00:01,402 I [52] azmlinfsrv.user_script - Users's init has completed successfully
        2026-11-25 12:00:01,405 I [52] azmlinfsrv.swagger - Swaggers are prepared for the following versions: [2, 3, 3.1].
        2026-11-25 12:00:01,405 I [52] azmlinfsrv - Scoring timeout is set to 60000
        2026-11-25 12:00:01,405 I [52] azmlinfsrv - Worker with pid 52 ready for serving traffic
        2026-11-25 12:00:05,311 I [52] azmlinfsrv - POST /score 200 3.212ms 22
        2026-11-25 12:00:06,017 I [52] azmlinfsrv - POST /score 200 2.870ms 22
        """;

    public const string InitKeyError = Banner + "\n" + """
        2026-11-25 12:00:00,795 E [52] azmlinfsrv - User's init function failed
        2026-11-25 12:00:00,797 E [52] azmlinfsrv - Encountered Exception Traceback (most recent call last):
          File "/usr/local/lib/python3.11/site-packages/azureml_inference_server_http/server/user_script.py", line 117, in invoke_init
            self._user_init()
          File "/var/azureml-app/score.py", line 9, in init
            model_name = os.environ["MODEL_NAME"]
                         ~~~~~~~~~~^^^^^^^^^^^^^^
          File "<frozen os>", line 679, in __getitem__
        KeyError: 'MODEL_NAME'

        The above exception was the direct cause of the following exception:

        Traceback (most recent call last):
          File "/usr/local/lib/python3.11/site-packages/azureml_inference_server_http/server/aml_blueprint.py", line 111, in setup
            self.user_script.invoke_init()
          File "/usr/local/lib/python3.11/site-packages/azureml_inference_server_http/server/user_script.py", line 119, in invoke_init
            raise UserScriptException(ex) from ex
        azureml_inference_server_http.server.user_script.UserScriptException: Caught an unhandled exception from the user script

        2026-11-25 12:00:00,798 I [52] azmlinfsrv - Model Directory Contents:
        /var/azureml-app/azureml-models/diabetes/1/
        └── sklearn_regression_model.pkl
        2026-11-25 12:00:00,801 I [52] gunicorn.error - Worker exiting (pid: 52)
        2026-11-25 12:00:01,102 E [41] gunicorn.error - Worker (pid:52) exited with code 3
        2026-11-25 12:00:01,102 E [41] gunicorn.error - Shutting down: Master
        2026-11-25 12:00:01,102 E [41] gunicorn.error - Reason: Worker failed to boot.
        """;

    public const string InitFileNotFound = Banner + "\n" + """
        2026-11-25 12:00:00,795 E [52] azmlinfsrv - User's init function failed
        2026-11-25 12:00:00,797 E [52] azmlinfsrv - Encountered Exception Traceback (most recent call last):
          File "/usr/local/lib/python3.11/site-packages/azureml_inference_server_http/server/user_script.py", line 117, in invoke_init
            self._user_init()
          File "/var/azureml-app/score.py", line 12, in init
            model = joblib.load(model_path)
                    ^^^^^^^^^^^^^^^^^^^^^^^
          File "/usr/local/lib/python3.11/site-packages/joblib/numpy_pickle.py", line 650, in load
            with open(filename, "rb") as f:
                 ^^^^^^^^^^^^^^^^^^^^
        FileNotFoundError: [Errno 2] No such file or directory: '/var/azureml-app/azureml-models/diabetes/1/model.pkl'

        The above exception was the direct cause of the following exception:

        Traceback (most recent call last):
          File "/usr/local/lib/python3.11/site-packages/azureml_inference_server_http/server/aml_blueprint.py", line 111, in setup
            self.user_script.invoke_init()
          File "/usr/local/lib/python3.11/site-packages/azureml_inference_server_http/server/user_script.py", line 119, in invoke_init
            raise UserScriptException(ex) from ex
        azureml_inference_server_http.server.user_script.UserScriptException: Caught an unhandled exception from the user script

        2026-11-25 12:00:00,798 I [52] azmlinfsrv - Model Directory Contents:
        /var/azureml-app/azureml-models/diabetes/1/
        └── sklearn_regression_model.pkl
        2026-11-25 12:00:00,801 I [52] gunicorn.error - Worker exiting (pid: 52)
        2026-11-25 12:00:01,102 E [41] gunicorn.error - Worker (pid:52) exited with code 3
        """;

    public const string InitModelNotFoundException = Banner + "\n" + """
        2026-11-25 12:00:00,795 E [52] azmlinfsrv - User's init function failed
        2026-11-25 12:00:00,797 E [52] azmlinfsrv - Encountered Exception Traceback (most recent call last):
          File "/usr/local/lib/python3.11/site-packages/azureml_inference_server_http/server/user_script.py", line 117, in invoke_init
            self._user_init()
          File "/var/azureml-app/score.py", line 10, in init
            model_path = Model.get_model_path("my-best-model")
                         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
          File "/usr/local/lib/python3.11/site-packages/azureml/core/model.py", line 1367, in get_model_path
            raise ModelNotFoundException(
        azureml.exceptions._azureml_exception.ModelNotFoundException: ModelNotFoundException:
        	Message: Model my-best-model not found in cache at azureml-models or in current working directory /var/azureml-app. For more info, set logging level to DEBUG.
        	InnerException None
        	ErrorResponse
        {
            "error": {
                "message": "Model my-best-model not found in cache at azureml-models or in current working directory /var/azureml-app. For more info, set logging level to DEBUG."
            }
        }

        2026-11-25 12:00:00,798 I [52] azmlinfsrv - Model Directory Contents:
        /var/azureml-app/azureml-models/diabetes/1/
        └── sklearn_regression_model.pkl
        2026-11-25 12:00:01,102 E [41] gunicorn.error - Worker (pid:52) exited with code 3
        """;

    public const string ImportCv2 = """
        2026-11-25 12:00:00,105 I [41] gunicorn.error - Booting worker with pid: 52
        Initializing logger
        2026-11-25 12:00:00,601 I [52] azmlinfsrv - Starting up app insights client
        2026-11-25 12:00:00,797 E [52] azmlinfsrv - Encountered Exception Traceback (most recent call last):
          File "/usr/local/lib/python3.11/site-packages/azureml_inference_server_http/server/user_script.py", line 74, in load_script
            main_module_spec.loader.exec_module(user_module)
          File "<frozen importlib._bootstrap_external>", line 940, in exec_module
          File "<frozen importlib._bootstrap>", line 241, in _call_with_frames_removed
          File "/var/azureml-app/score.py", line 4, in <module>
            import cv2
        ModuleNotFoundError: No module named 'cv2'

        The above exception was the direct cause of the following exception:

        Traceback (most recent call last):
          File "/usr/local/lib/python3.11/site-packages/azureml_inference_server_http/server/aml_blueprint.py", line 95, in setup
            self.user_script.load_script(config.app_root)
          File "/usr/local/lib/python3.11/site-packages/azureml_inference_server_http/server/user_script.py", line 76, in load_script
            raise UserScriptImportException(ex) from ex
        azureml_inference_server_http.server.user_script.UserScriptImportException: Failed to import user script because it raised an unhandled exception

        2026-11-25 12:00:01,102 E [41] gunicorn.error - Worker (pid:52) exited with code 3
        """;

    public const string UnpickleOldSklearn = Banner + "\n" + """
        2026-11-25 12:00:00,795 E [52] azmlinfsrv - User's init function failed
        2026-11-25 12:00:00,797 E [52] azmlinfsrv - Encountered Exception Traceback (most recent call last):
          File "/usr/local/lib/python3.11/site-packages/azureml_inference_server_http/server/user_script.py", line 117, in invoke_init
            self._user_init()
          File "/var/azureml-app/score.py", line 11, in init
            model = joblib.load(model_path)
                    ^^^^^^^^^^^^^^^^^^^^^^^
          File "/usr/local/lib/python3.11/site-packages/joblib/numpy_pickle.py", line 658, in load
            obj = _unpickle(fobj, filename, mmap_mode)
                  ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
          File "/usr/local/lib/python3.11/site-packages/joblib/numpy_pickle.py", line 577, in _unpickle
            obj = unpickler.load()
                  ^^^^^^^^^^^^^^^^
          File "/usr/lib/python3.11/pickle.py", line 1213, in load
            dispatch[key[0]](self)
          File "/usr/lib/python3.11/pickle.py", line 1538, in load_stack_global
            self.append(self.find_class(module, name))
                        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
          File "/usr/lib/python3.11/pickle.py", line 1580, in find_class
            __import__(module, level=0)
        ModuleNotFoundError: No module named 'sklearn.linear_model._base'
        2026-11-25 12:00:01,102 E [41] gunicorn.error - Worker (pid:52) exited with code 3
        """;

    public const string InconsistentVersionWarning = Banner + "\n" + """
        /usr/local/lib/python3.11/site-packages/sklearn/base.py:376: InconsistentVersionWarning: Trying to unpickle estimator Ridge from version 1.5.2 when using version 1.3.2. This might lead to breaking code or invalid results. Use at your own risk. For more info please refer to:
        https://scikit-learn.org/stable/model_persistence.html#security-maintainability-limitations
          warnings.warn(
        2026-11-25 12:00:01,402 I [52] azmlinfsrv.user_script - Users's init has completed successfully
        2026-11-25 12:00:01,405 I [52] azmlinfsrv - Worker with pid 52 ready for serving traffic
        """;

    public const string RunKeyError = """
        2026-11-25 12:00:01,405 I [52] azmlinfsrv - Worker with pid 52 ready for serving traffic
        2026-11-25 12:01:00,001 I [52] azmlinfsrv - POST /score 200 3.101ms 22
        2026-11-25 12:01:00,411 E [52] azmlinfsrv - Encountered Exception: Traceback (most recent call last):
          File "/usr/local/lib/python3.11/site-packages/azureml_inference_server_http/server/user_script.py", line 132, in invoke_run
            run_output = self._wrapped_user_run(**run_parameters, request_headers=dict(request.headers))
                         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
          File "/usr/local/lib/python3.11/site-packages/azureml_inference_server_http/server/user_script.py", line 154, in <lambda>
            self._wrapped_user_run = lambda request_headers, **kwargs: self._user_run(**kwargs)
                                                                       ^^^^^^^^^^^^^^^^^^^^^^^
          File "/var/azureml-app/score.py", line 21, in run
            data = np.array(json.loads(raw_data)["data"])
                            ~~~~~~~~~~~~~~~~~~~~^^^^^^^^
        KeyError: 'data'

        The above exception was the direct cause of the following exception:

        Traceback (most recent call last):
          File "/usr/local/lib/python3.11/site-packages/azureml_inference_server_http/server/routes.py", line 222, in handle_score
            timed_result = main_blueprint.user_script.invoke_run(request, timeout_ms=config.scoring_timeout)
                           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
          File "/usr/local/lib/python3.11/site-packages/azureml_inference_server_http/server/user_script.py", line 139, in invoke_run
            raise UserScriptException(ex) from ex
        azureml_inference_server_http.server.user_script.UserScriptException: Caught an unhandled exception from the user script

        2026-11-25 12:01:00,413 I [52] azmlinfsrv - POST /score 500 2.204ms 88
        """;

    public const string OomGunicorn = """
        2026-11-25 12:00:00,105 I [41] gunicorn.error - Booting worker with pid: 52
        2026-11-25 12:00:00,790 I [52] azmlinfsrv.user_script - Invoking user's init function
        2026-11-25 12:00:03,512 E [41] gunicorn.error - Worker (pid:52) was sent SIGKILL! Perhaps out of memory?
        2026-11-25 12:00:03,520 I [41] gunicorn.error - Booting worker with pid: 61
        2026-11-25 12:00:04,201 I [61] azmlinfsrv.user_script - Invoking user's init function
        2026-11-25 12:00:06,930 E [41] gunicorn.error - Worker (pid:61) was sent SIGKILL! Perhaps out of memory?
        2026-11-25 12:00:06,941 I [41] gunicorn.error - Booting worker with pid: 70
        """;

    public const string OomLegacyBootLoop = """
        Starting gunicorn 19.9.0
        Listening at: http://127.0.0.1:31311 (123)
        Using worker: sync
        worker timeout is set to 300
        Booting worker with pid: 151
        SPARK_HOME not set. Skipping PySpark Initialization.
        Initializing logger
        Booting worker with pid: 163
        SPARK_HOME not set. Skipping PySpark Initialization.
        Initializing logger
        Booting worker with pid: 175
        SPARK_HOME not set. Skipping PySpark Initialization.
        Initializing logger
        Booting worker with pid: 187
        """;

    public const string PortInUseGunicorn = """
        2026-11-25 12:00:00,101 I [41] gunicorn.error - Starting gunicorn 22.0.0
        2026-11-25 12:00:00,103 E [41] gunicorn.error - Connection in use: ('0.0.0.0', 5001)
        2026-11-25 12:00:00,103 I [41] gunicorn.error - Retrying in 1 second.
        2026-11-25 12:00:05,110 E [41] gunicorn.error - Can't connect to ('0.0.0.0', 5001)
        """;

    public const string CompileErrors = """
        2026-11-25 12:00:00,200 I [77] berth.scoring - Compiling /tmp/berth/apps/digits/score.cs
        2026-11-25 12:00:00,500 E [77] berth.scoring - score.cs(12,5): error CS1002: ; expected
        2026-11-25 12:00:00,500 E [77] berth.scoring - score.cs(20,13): error CS0103: The name 'modle' does not exist in the current context
        """;

    public const string DotNetInitFileNotFound = """
        2026-11-25 12:00:00,200 I [77] berth.scoring - Invoking user's init function
        2026-11-25 12:00:00,500 E [77] berth.scoring - User's init function failed
        2026-11-25 12:00:00,500 E [77] berth.scoring - Encountered Exception System.IO.FileNotFoundException: Could not find file '/tmp/berth/app/azureml-models/mnist/2/model.onnx'.
        File name: '/tmp/berth/app/azureml-models/mnist/2/model.onnx'
           at Microsoft.Win32.SafeHandles.SafeFileHandle.Init(String path, FileMode mode, FileAccess access, FileShare share, FileOptions options, Int64 preallocationSize, Int64& fileLength, UnixFileMode& filePermissions)
           at System.IO.File.ReadAllBytes(String path)
           at Score.Init() in /tmp/berth/app/score.cs:line 14
        2026-11-25 12:00:00,501 I [77] berth.scoring - Model Directory Contents:
        /tmp/berth/app/azureml-models/mnist/2/
        └── mnist-12.onnx
        """;
}

"""The app in a browser for a classroom (`ntc serve`), on top of textual-serve.

textual-serve starts one app subprocess per browser tab, with the server's environment: the
served apps read and write the server's data directory (logs, trainees), nothing is kept in
the browser. There is no authentication, so the app asks who the trainee is at start.
"""

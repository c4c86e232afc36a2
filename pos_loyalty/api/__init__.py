"""The local HTTP API for the store's POS software (README "Local HTTP API").

`app.create_app` builds the FastAPI application over the same services as the command line,
with the same JSON; `server.ApiServer` runs it on uvicorn in a thread (inside the desktop app)
and `server.serve_http` in the foreground (`pos-loyalty serve --http`). Nothing here is imported
by the command line's other commands: the web stack is loaded only when the API runs.
"""

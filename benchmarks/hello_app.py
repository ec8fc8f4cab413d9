"""The ceiling of this machine: a bare Flask "hello" served by the same gunicorn settings."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    """The smallest possible page."""
    return "hello"

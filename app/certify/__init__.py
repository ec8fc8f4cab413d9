"""Certificates: pages, PDFs, signed credentials, revocation."""

from flask import Blueprint

bp = Blueprint("certify", __name__, url_prefix="/certificates")

from app.certify import staff, views  # noqa: E402,F401

"""Report pages."""
from __future__ import annotations

from flask import Blueprint

from . import models  # noqa: F401  (registers the tables)

bp = Blueprint("reports", __name__, url_prefix="/reports")

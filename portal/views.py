"""The trainee's own pages (role trainee): /portal/..."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("portal", __name__, url_prefix="/portal")

"""CSR partner pages (being written: see /work/issue7_contract.md)."""
from __future__ import annotations

from flask import Blueprint

from . import models  # noqa: F401  (the tables must be known to the app)

bp = Blueprint("partners", __name__, url_prefix="/partners")

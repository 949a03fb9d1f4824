"""Training pages (/training/...): programmes, cohorts, enrolment, attendance, completion
and certificates."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("training", __name__, url_prefix="/training")

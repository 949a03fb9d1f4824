"""Complaints: staff pages (/complaints/...), the public page without login
(/complaints/public, /complaints/track) and the holiday list. Trainees file and follow
their own complaints in the portal (portal/views.py)."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("complaints", __name__, url_prefix="/complaints")

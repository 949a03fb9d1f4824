"""The programme dashboard's views, on the reports blueprint (being written)."""
from __future__ import annotations

from .views import bp  # noqa: F401

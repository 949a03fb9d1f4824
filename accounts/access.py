"""Role checks for views. Object-level checks live with each domain's queries
(e.g. ``trainees.services.visible_trainees``): unauthorised objects answer 404."""
from __future__ import annotations

from functools import wraps

from flask import abort
from flask_login import current_user

from extensions import login_manager

from .models import Role


def role_required(*roles: Role):
    """Anonymous users go to the login page; a logged-in user without one of ``roles``
    gets 403."""
    allowed = {Role(r).value for r in roles}

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.role not in allowed:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator

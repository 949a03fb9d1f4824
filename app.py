"""Application factory. ``flask --app app run`` and ``gunicorn app:app`` both use it.

Nothing imports this module; each step below is a small ``register_*`` function.
"""
from __future__ import annotations

from decimal import Decimal

from flask import Flask, current_app, has_request_context, jsonify, redirect, render_template, request, session, url_for
from flask_babel import format_date, format_datetime, format_decimal
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy import text
from werkzeug.exceptions import HTTPException

from config import Config
from extensions import (
    babel, csrf, db, include_migration_object, login_manager, migrate, render_migration_item, utcnow,
)
from formatting import format_rupiah


def create_app(config: type | dict | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_object(Config)
    if isinstance(config, dict):
        app.config.update(config)
    elif config is not None:
        app.config.from_object(config)
    register_extensions(app)
    register_blueprints(app)
    register_core_routes(app)
    register_error_handlers(app)
    register_template_helpers(app)
    register_security_headers(app)
    register_commands(app)
    if app.config.get("PROXY_FIX"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)
    return app


def select_locale() -> str:
    languages = current_app.config["LANGUAGES"]
    if not has_request_context():  # CLI commands speak the default language
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    chosen = session.get("language")
    if chosen in languages:
        return chosen
    return request.accept_languages.best_match(list(languages), default=current_app.config["BABEL_DEFAULT_LOCALE"])


def register_extensions(app: Flask) -> None:
    db.init_app(app)
    migrate.init_app(
        app,
        db,
        directory=str(app.root_path) + "/migrations",
        render_as_batch=True,
        render_item=render_migration_item,
        include_object=include_migration_object,
        compare_type=True,
    )
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale, default_translation_directories="translations")
    login_manager.init_app(app)
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Please log in to see this page.")
    login_manager.login_message_category = "warning"
    login_manager.session_protection = "basic"

    from accounts.services import load_user_by_token

    @login_manager.user_loader
    def load_user(token: str):
        return load_user_by_token(token, now=utcnow())


def register_blueprints(app: Flask) -> None:
    from accounts.views import bp as accounts_bp
    from complaints.views import bp as complaints_bp
    from portal.views import bp as portal_bp
    from training.views import bp as training_bp
    from partners.views import bp as partners_bp
    import reports.dashboard_views  # noqa: F401  (its routes are on the reports blueprint)
    from loans.views import bp as loans_bp
    from mentoring.views import bp as mentoring_bp
    from reports.views import bp as reports_bp
    from trainees.views import bp as trainees_bp

    app.register_blueprint(accounts_bp)
    app.register_blueprint(trainees_bp)
    app.register_blueprint(loans_bp)
    app.register_blueprint(mentoring_bp)
    app.register_blueprint(reports_bp)
    app.register_blueprint(complaints_bp)
    app.register_blueprint(portal_bp)
    app.register_blueprint(training_bp)
    app.register_blueprint(partners_bp)


def register_core_routes(app: Flask) -> None:
    @app.get("/")
    def index():
        if not current_user.is_authenticated:
            return redirect(url_for("accounts.login"))
        from accounts.models import Role

        if current_user.role == Role.TRAINEE.value:
            return redirect(url_for("portal.home"))
        if current_user.role == Role.MENTOR.value:
            return redirect(url_for("mentoring.home"))
        if current_user.role == Role.PARTNER.value:
            return redirect(url_for("partners.my_report"))
        return redirect(url_for("trainees.index"))

    @app.get("/healthz")
    def healthz():
        try:
            db.session.execute(text("SELECT 1"))
        except Exception:  # noqa: BLE001 - any DB failure means unhealthy
            db.session.rollback()
            return jsonify(status="error", database="unreachable"), 503
        return jsonify(status="ok", database="ok")


def register_error_handlers(app: Flask) -> None:
    def render_error(status: int):
        return render_template(f"errors/{status}.html"), status

    @app.errorhandler(CSRFError)
    def csrf_error(err):
        return render_template("errors/400.html", reason=err.description), 400

    @app.errorhandler(HTTPException)
    def http_error(err: HTTPException):
        if err.code == 413:  # an upload over MAX_CONTENT_LENGTH (complaint attachments)
            limit = app.config["COMPLAINT_ATTACHMENT_MAX_BYTES"]
            return render_template("errors/413.html", mb=format_decimal(Decimal(limit) / 2**20, "0.#")), 413
        if err.code in (400, 403, 404, 500):
            return render_error(err.code)
        return err

    @app.errorhandler(500)
    def server_error(err):
        db.session.rollback()
        return render_error(500)


def register_template_helpers(app: Flask) -> None:
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.filters["rupiah"] = format_rupiah
    app.jinja_env.filters["date"] = lambda d, fmt="medium": format_date(d, fmt) if d else ""
    app.jinja_env.filters["datetime"] = lambda d, fmt="medium": format_datetime(d, fmt) if d else ""

    @app.context_processor
    def inject_globals():
        from accounts.models import Role

        def notification_count() -> int:
            """Unread notifications of the logged-in user (one COUNT, only where base.html asks)."""
            if not current_user.is_authenticated:
                return 0
            from accounts.notifications import unread_count

            return unread_count(current_user)

        return {"Role": Role, "languages": app.config["LANGUAGES"], "current_locale": select_locale(),
                "notification_count": notification_count}


CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)


def register_security_headers(app: Flask) -> None:
    @app.after_request
    def headers(response):
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        if app.config.get("SESSION_COOKIE_SECURE"):
            response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
        if current_user and getattr(current_user, "is_authenticated", False):
            response.headers.setdefault("Cache-Control", "no-store")
        return response


def register_commands(app: Flask) -> None:
    import commands

    commands.register(app)


#: For ``gunicorn app:app`` and ``flask --app app``.
app = create_app()

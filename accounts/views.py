from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import false, select
from sqlalchemy.orm import joinedload

from extensions import LOCAL_TZ_NAME, db, utcnow

from . import audit, services
from . import notifications as inbox
from .access import role_required
from .forms import (
    AuditFilterForm, EmailForm, EnabledForm, LanguageForm, LoginForm, NotificationsReadForm, PasswordResetForm,
    RoleForm, UserCreateForm,
)
from .models import AuditEvent, Role, User

bp = Blueprint("accounts", __name__)


def _safe_next(target: str | None) -> str | None:
    """``target`` if it is a path on this site, else None. Control characters are refused:
    browsers drop tabs and newlines, so "/\t/evil.example" would become "//evil.example"."""
    if not target or any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in target):
        return None
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return None


def throttle_policy() -> services.ThrottlePolicy:
    cfg = current_app.config
    return services.ThrottlePolicy(
        max_failures=cfg["LOGIN_MAX_FAILURES"],
        window=timedelta(minutes=cfg["LOGIN_WINDOW_MINUTES"]),
        max_failures_per_ip=cfg["LOGIN_MAX_FAILURES_PER_IP"],
    )


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("index"))
    form = LoginForm()
    if form.validate_on_submit():
        now = utcnow()
        try:
            user = services.authenticate(
                form.username.data, form.password.data, now=now, ip=request.remote_addr, policy=throttle_policy()
            )
        except services.AccountError as err:
            db.session.commit()  # keep the attempt record: it drives the throttle
            flash(str(err), "danger")
            return render_template("accounts/login.html", form=form), 429 if isinstance(err, services.LoginLocked) else 200
        token = services.start_session(
            user,
            now=now,
            lifetime=timedelta(hours=current_app.config["SESSION_LIFETIME_HOURS"]),
            ip=request.remote_addr,
            user_agent=request.user_agent.string,
        )
        db.session.commit()
        language = session.get("language")
        session.clear()  # a fresh session (and CSRF token) for the logged-in user
        if language:
            session["language"] = language
        user._session_token = token
        login_user(user)
        flash(_("Welcome, %(name)s.", name=user.full_name), "success")
        return redirect(_safe_next(request.args.get("next")) or url_for("index"))
    return render_template("accounts/login.html", form=form)


@bp.post("/logout")
@login_required
def logout():
    services.end_session(current_user, current_user.get_id(), now=utcnow())
    db.session.commit()
    language = session.get("language")
    logout_user()
    session.clear()
    if language:
        session["language"] = language
    flash(_("You have been logged out."), "info")
    return redirect(url_for("accounts.login"))


@bp.post("/language")
def set_language():
    form = LanguageForm()
    if form.validate_on_submit() and form.language.data in current_app.config["LANGUAGES"]:
        session["language"] = form.language.data
    else:
        abort(400)
    return redirect(_safe_next(form.next.data) or url_for("index"))


# --- Admin: users -----------------------------------------------------------------


@bp.get("/admin/users")
@role_required(Role.ADMIN)
def users():
    role = request.args.get("role")
    query = select(User).order_by(User.username)
    if role in {r.value for r in Role}:
        query = query.where(User.role == role)
    page = db.paginate(query, per_page=50, error_out=False)
    return render_template("accounts/users.html", page=page, role=role, roles=list(Role))


def _partner_choices() -> list:
    """Active CSR partners for the new-user form ("—" first)."""
    from partners.models import Partner

    partners = db.session.scalars(select(Partner).where(Partner.is_active.is_(True)).order_by(Partner.name))
    return [(None, "—")] + [(p.id, p.name) for p in partners]


def _create_partner_user(form: UserCreateForm) -> User | None:
    """A login for a CSR partner (partners.services); the service's refusals land on the
    form's fields. None when refused."""
    from extensions import DomainError
    from partners import services as partner_services
    from partners.models import Partner

    partner = db.session.get(Partner, form.partner_id.data) if form.partner_id.data is not None else None
    if partner is None or not partner.is_active:
        form.partner_id.errors.append(_("Choose the partner this user works for."))
        return None
    try:
        return partner_services.create_partner_user(
            partner, actor=current_user, username=form.username.data, full_name=form.full_name.data,
            password=form.password.data, email=form.email.data)
    except DomainError as err:
        db.session.rollback()
        errors = getattr(err, "errors", None) or {getattr(err, "field", None) or "username": str(err)}
        for name, message in errors.items():
            field = getattr(form, name, None)
            (field.errors if field is not None and hasattr(field, "errors") else form.username.errors).append(str(message))
        return None


@bp.route("/admin/users/new", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def user_create():
    form = UserCreateForm()
    form.partner_id.choices = _partner_choices()
    if request.method == "GET":
        # "New login" on a partner's page: /admin/users/new?role=partner&partner=<id>
        if request.args.get("role") in {r.value for r in Role}:
            form.role.data = request.args["role"]
        if request.args.get("partner", "").isdigit():
            form.partner_id.data = int(request.args["partner"])
    if form.validate_on_submit():
        if form.role.data == Role.PARTNER.value:
            user = _create_partner_user(form)
        else:
            try:
                user = services.create_user(
                    username=form.username.data,
                    full_name=form.full_name.data,
                    role=Role(form.role.data),
                    password=form.password.data,
                    actor=current_user,
                )
            except services.AccountError as err:
                form.username.errors.append(str(err))
                user = None
            else:
                if form.email.data:
                    services.set_email(user, form.email.data, actor=current_user)
        if user is not None:
            db.session.commit()
            flash(_("User %(u)s created.", u=user.username), "success")
            return redirect(url_for("accounts.user_detail", id=user.id))
    return (
        render_template("accounts/user_form.html", form=form, min_password_length=services.MIN_PASSWORD_LENGTH),
        400 if form.errors else 200,
    )


def _user_page(user: User, *, password_form=None, role_form=None, email_form=None, status=200):
    partner = None
    if user.partner_id is not None:
        from partners.models import Partner

        partner = db.session.get(Partner, user.partner_id)
    return (
        render_template(
            "accounts/user_detail.html",
            user=user,
            partner=partner,
            password_form=password_form or PasswordResetForm(prefix="pw"),
            role_form=role_form or RoleForm(prefix="role", role=user.role),
            email_form=email_form or EmailForm(prefix="mail", email=user.email),
            enabled_form=EnabledForm(prefix="en"),
        ),
        status,
    )


@bp.get("/admin/users/<int:id>")
@role_required(Role.ADMIN)
def user_detail(id):
    return _user_page(db.get_or_404(User, id))


@bp.post("/admin/users/<int:id>/password")
@role_required(Role.ADMIN)
def user_password(id):
    user = db.get_or_404(User, id)
    form = PasswordResetForm(prefix="pw", username=user.username)
    if not form.validate_on_submit():
        return _user_page(user, password_form=form, status=400)
    services.set_password(user, form.password.data, actor=current_user, now=utcnow())
    db.session.commit()
    flash(_("Password changed; the user's sessions were ended."), "success")
    return redirect(url_for("accounts.user_detail", id=id))


@bp.post("/admin/users/<int:id>/role")
@role_required(Role.ADMIN)
def user_role(id):
    user = db.get_or_404(User, id)
    form = RoleForm(prefix="role")
    if not form.validate_on_submit():
        return _user_page(user, role_form=form, status=400)
    try:
        services.set_role(user, Role(form.role.data), actor=current_user)
    except services.AccountError as err:
        flash(str(err), "danger")
        return redirect(url_for("accounts.user_detail", id=id))
    db.session.commit()
    flash(_("Role changed."), "success")
    return redirect(url_for("accounts.user_detail", id=id))


@bp.post("/admin/users/<int:id>/email")
@role_required(Role.ADMIN)
def user_email(id):
    user = db.get_or_404(User, id)
    form = EmailForm(prefix="mail")
    if not form.validate_on_submit():
        return _user_page(user, email_form=form, status=400)
    services.set_email(user, form.email.data, actor=current_user)
    db.session.commit()
    flash(_("E-mail address saved.") if user.email else _("E-mail address removed."), "success")
    return redirect(url_for("accounts.user_detail", id=id))


@bp.post("/admin/users/<int:id>/enabled")
@role_required(Role.ADMIN)
def user_enabled(id):
    user = db.get_or_404(User, id)
    form = EnabledForm(prefix="en")
    if not form.validate_on_submit():
        abort(400)
    try:
        services.set_enabled(user, not user.is_enabled, actor=current_user, now=utcnow())
    except services.AccountError as err:
        flash(str(err), "danger")
    else:
        db.session.commit()
        flash(_("User enabled.") if user.is_enabled else _("User disabled; their sessions were ended."), "success")
    return redirect(url_for("accounts.user_detail", id=id))


# --- Notifications (every role) ------------------------------------------------------


@bp.get("/notifications")
@login_required
def notifications():
    items = inbox.recent(current_user)
    return render_template("accounts/notifications.html", items=[(n, inbox.text(n)) for n in items],
                           unread=sum(1 for n in items if n.read_at is None), form=NotificationsReadForm())


@bp.post("/notifications/read")
@login_required
def notifications_read():
    """Mark the posted ``ids`` read (``all=1``: every unread one); with a safe ``next``
    (the notification's own link), go there: "open" is one click."""
    form = NotificationsReadForm()
    if not form.validate_on_submit():
        abort(400)
    ids = None if request.form.get("all") == "1" else [int(v) for v in request.form.getlist("ids") if v.isdigit()]
    inbox.mark_read(current_user, ids=ids, now=utcnow())
    db.session.commit()
    return redirect(_safe_next(form.next.data) or url_for("accounts.notifications"))


# --- Admin: audit trail -----------------------------------------------------------


@bp.get("/admin/audit")
@role_required(Role.ADMIN)
def audit_log():
    form = AuditFilterForm(request.args)
    query = (
        select(AuditEvent)
        .options(joinedload(AuditEvent.actor))
        .order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
    )
    valid = form.validate()
    if not valid:
        query = query.where(false())  # a bad filter shows its error, not every event
    else:
        if form.action.data:
            query = query.where(AuditEvent.action.startswith(form.action.data.strip(), autoescape=True))
        if form.actor.data:
            query = query.join(User, AuditEvent.actor_id == User.id).where(
                User.username == services.normalise_username(form.actor.data)
            )
        if form.entity_type.data:
            query = query.where(AuditEvent.entity_type == form.entity_type.data.strip())
        if form.entity_id.data:
            query = query.where(AuditEvent.entity_id == form.entity_id.data.strip())
        # Dates are calendar days in Bandung, as the page shows the times.
        local = ZoneInfo(LOCAL_TZ_NAME)
        if form.date_from.data:
            query = query.where(AuditEvent.occurred_at >= datetime.combine(form.date_from.data, time.min, local))
        if form.date_to.data:
            end = datetime.combine(form.date_to.data + timedelta(days=1), time.min, local)
            query = query.where(AuditEvent.occurred_at < end)
    page = db.paginate(query, per_page=50, error_out=False)
    return render_template("accounts/audit.html", form=form, page=page), 200 if valid else 400

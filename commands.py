"""Flask CLI commands. Thin: they parse arguments and call services."""
from __future__ import annotations

import random
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from flask_babel import force_locale
from sqlalchemy import func, inspect, select, text

from extensions import DomainError, db, local_today

#: Exit code for input the command cannot work with (bad file, no actor); 1 = rows refused.
EXIT_BAD_INPUT = 2


class BadInput(click.ClickException):
    exit_code = EXIT_BAD_INPUT


@contextmanager
def _cli_locale():
    """Service messages are lazy translations; outside a request there is no locale to
    select, so CLI output is English, like the commands' own messages."""
    with force_locale("en"):
        yield


@click.command("create-user")
@click.argument("username")
@click.option("--role", required=True, type=click.Choice(["admin", "officer", "mentor", "trainee"]))
@click.option("--full-name", default=None, help="Defaults to the username.")
@click.password_option(prompt="Password", confirmation_prompt=True)
@with_appcontext
def create_user_command(username, role, full_name, password):
    """Create a user (prompts for the password)."""
    from accounts import services
    from accounts.models import Role

    try:
        with _cli_locale():
            user = services.create_user(
                username=username, full_name=full_name or username, role=Role(role), password=password, actor=None
            )
    except services.AccountError as err:
        with _cli_locale():
            raise click.ClickException(str(err)) from err
    db.session.commit()
    click.echo(f"Created {user.username} ({user.role}).")


def _require_schema() -> None:
    if not inspect(db.engine).has_table("trainee"):
        raise BadInput("The database has no tables yet: run `flask db upgrade` first.")


def _import_actor(username: str | None):
    from accounts.models import Role, User

    if username:
        actor = db.session.scalar(select(User).where(User.username == username.strip().lower()))
        if actor is None or not actor.is_enabled:
            raise BadInput(f"No enabled user {username!r}.")
        if actor.role not in {Role.ADMIN.value, Role.OFFICER.value}:
            raise BadInput(f"{actor.username} is a {actor.role}; only an admin or officer may register trainees.")
        return actor
    actor = db.session.scalar(
        select(User).where(User.role == Role.ADMIN.value, User.is_enabled.is_(True)).order_by(User.id).limit(1)
    )
    if actor is None:
        raise BadInput("There is no enabled admin to record the import; create one or pass --actor.")
    return actor


@click.command("import-trainees")
@click.argument("file", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--skip-bad", is_flag=True, help="Import the good rows; write the bad ones to the reject file.")
@click.option("--reject-file", type=click.Path(dir_okay=False, path_type=Path), help="Default: FILE.rejects.csv.")
@click.option("--actor", metavar="USERNAME", help="Admin or officer recorded as registering (default: first admin).")
@click.option("--template", is_flag=True, help="Print the header line of an import file and exit.")
@with_appcontext
def import_trainees_command(file, skip_bad, reject_file, actor, template):
    """Register trainees from a CSV file (UTF-8, ',' or ';').

    Every row is checked first. By default one bad row stops the whole import (each bad
    line is listed, exit code 1). Rows whose NIK is already registered are skipped, so
    running the same file again is harmless. Unreadable files exit with code 2.
    """
    from trainees import importer

    if template:
        click.echo(importer.template_header())
        return
    if file is None:
        raise click.UsageError("Give the CSV file to import (or --template).")
    try:
        csv_file = importer.read_csv(file.read_bytes())
    except importer.ImportFileError as err:
        raise BadInput(f"{file}: {err}") from None
    except OSError as err:
        raise BadInput(f"{file}: cannot read the file ({err.strerror}).") from None
    _require_schema()
    user = _import_actor(actor)
    with _cli_locale():
        with click.progressbar(length=len(csv_file.rows), label="Checking rows ", file=sys.stderr) as bar:
            plan = importer.check_rows(csv_file, today=local_today(), progress=bar.update)
    for row in plan.bad:
        click.echo(f"line {row.line}: {row.message()}", err=True)
    if plan.bad and not skip_bad:
        db.session.rollback()
        click.echo(
            f"{len(plan.bad)} bad row(s) of {len(csv_file.rows)}: nothing imported. "
            "Fix them, or use --skip-bad to import the other rows.",
            err=True,
        )
        raise click.exceptions.Exit(1)
    if plan.bad:
        reject_file = reject_file or file.with_name(file.stem + ".rejects.csv")
        # utf-8-sig: spreadsheets open it with the right encoding; the importer strips the BOM.
        try:
            with reject_file.open("w", encoding="utf-8-sig", newline="") as handle:
                importer.write_rejects(handle, csv_file, plan.bad)
        except OSError as err:
            db.session.rollback()
            raise BadInput(f"{reject_file}: cannot write the reject file ({err.strerror}); nothing imported.") from None
    if plan.good:
        with click.progressbar(length=len(plan.good), label="Importing     ", file=sys.stderr) as bar:
            importer.import_rows(plan.good, actor=user, refs=plan.refs, progress=bar.update)
    db.session.commit()
    if len(plan.good) >= 1000:
        refresh_statistics()
    click.echo(
        f"Imported: {len(plan.good)}; already registered (skipped): {len(plan.already_registered)}; "
        f"rejected: {len(plan.bad)}."
    )
    if plan.bad:
        click.echo(f"Rejected rows written to {reject_file}.")


#: Tables the mentoring demo fills (ANALYZEd after seeding).
MENTORING_TABLES = (
    "mentor_assignment", "mentoring_session", "session_topic", "session_attendance", "action_item",
    "business_checkin",
)


def refresh_statistics(extra: tuple[str, ...] = ()) -> None:
    """ANALYZE the tables a bulk load filled. Without fresh statistics both planners
    pick bad plans for the trainee list (e.g. sorting a mentor's 50,000 rows instead of
    walking the name index); PostgreSQL's autovacuum catches up only later, SQLite never."""
    for table in ("trainee", "business", "audit_event", *extra):
        db.session.execute(text(f"ANALYZE {table}"))
    db.session.commit()


def reset_database() -> None:
    """Drop every table (migrations down to base) and migrate up again. The honest way to
    empty the database: audit_event refuses DELETE by trigger, and is meant to."""
    from flask_migrate import downgrade, upgrade

    db.session.rollback()
    db.session.close()  # a held transaction would block DROP TABLE on PostgreSQL
    directory = str(Path(current_app.root_path) / "migrations")
    downgrade(directory=directory, revision="base")
    upgrade(directory=directory)


@click.command("seed-demo")
@click.option("--trainees", "count", default=200, show_default=True, type=click.IntRange(0, 1_000_000), help="Number of trainees.")
@click.option("--reset", is_flag=True, help="Drop ALL tables and data (migrate down to base, then up) before seeding.")
@click.option("--if-empty", is_flag=True, help="Do nothing if any user exists (for `make run`).")
@click.option("--seed", default=2026, show_default=True, help="Random seed; the same seed gives the same data.")
@click.option("--loans/--no-loans", "with_loans", default=True, show_default=True,
              help="Also create loan products, funding sources, applications and loans.")
@click.option("--mentoring/--no-mentoring", "with_mentoring", default=True, show_default=True,
              help="Also create a year of mentoring: assignments, sessions, action items, check-ins.")
@with_appcontext
def seed_demo_command(count, reset, if_empty, seed, with_loans, with_mentoring):
    """Create demo users (admin, officer, officer2, mentor, mentor2, trainee; password
    DEMO_PASSWORD, default demo-berdaya), demo trainees across Kota Bandung, two loan
    products, two funding sources and loans in every state for about 40 % of the trainees
    (at most 600), and a year of mentoring for every trainee (a few reassignments,
    individual and group sessions, action items, monthly business check-ins), the fixed-date
    national holidays, 60 complaints in every state of the workflow, and a training
    programme with a completed, a running and a planned cohort.

    --reset destroys the whole database, audit trail included: it migrates down to base
    and up again, because audit events cannot be deleted.
    """
    from accounts.models import User
    from accounts.services import AccountError
    from loans import demo as loans_demo
    from complaints import demo as complaints_demo
    from mentoring import demo as mentoring_demo
    from partners import demo as partners_demo
    from training import demo as training_demo
    from trainees import demo

    if reset and if_empty:
        raise click.UsageError("--reset and --if-empty contradict each other.")
    if reset:
        click.echo("Dropping and re-creating all tables ...")
        reset_database()
    _require_schema()
    users = db.session.scalar(select(func.count()).select_from(User))
    if users:
        if if_empty:
            click.echo("The database already has users; demo data not added.")
            return
        raise click.ClickException("The database is not empty. Use --reset to start over (destroys all data).")
    started = time.perf_counter()
    today = local_today()
    try:
        with _cli_locale(), click.progressbar(length=count, label="Seeding trainees", file=sys.stderr) as bar:
            result = demo.seed_demo(
                trainees=count, password=current_app.config["DEMO_PASSWORD"], today=today, seed=seed,
                progress=bar.update,
            )
        loans = None
        if with_loans:
            with _cli_locale():
                loans = loans_demo.seed_loans(users=result.users, today=today, seed=seed)
        mentoring = None
        if with_mentoring:
            # after the loans: businesses of borrowers in arrears are more often failing
            mentoring = mentoring_demo.seed_mentoring(users=result.users, today=today, seed=seed)
        complaints = training = None
        if count:
            with _cli_locale():
                complaints = complaints_demo.seed_complaints(users=result.users, today=today, seed=seed)
                training = training_demo.seed_training(users=result.users, today=today, seed=seed)
        partners = None
        if loans:
            with _cli_locale():
                partners = partners_demo.seed_partners(actor=result.users["admin"], today=today,
                                                       rng=random.Random(f"partners-{seed}"))
    except (AccountError, DomainError, demo.DemoError, loans_demo.LoanDemoError) as err:
        db.session.rollback()
        with _cli_locale():
            message = str(err)
        raise click.ClickException(message) from err
    db.session.commit()
    refresh_statistics(MENTORING_TABLES if mentoring else ())
    made = f", {loans.loans} loans ({loans.repayments} repayments)" if loans else ""
    if mentoring:
        made += (f", {mentoring.sessions} mentoring sessions ({mentoring.group_sessions} group), "
                 f"{mentoring.action_items} action items, {mentoring.checkins} check-ins, "
                 f"{mentoring.reassignments} reassignments")
    if complaints:
        made += f", {complaints.complaints} complaints, {complaints.holidays} holidays"
    if training:
        made += f", {training.cohorts} training cohorts ({training.enrolments} enrolments, {training.completed} completed)"
    if partners:
        made += (f", {partners['partners']} CSR partners ({partners['fundings']} loans financed, "
                 f"{partners['published_stories']} stories published; login {', '.join(partners['users'])})")
    click.echo(
        f"Created users {', '.join(result.users)}, {result.trainees} trainees{made} "
        f"in {time.perf_counter() - started:.1f} s."
    )


# --- Reports (issue 5): assessments and PDF reports. Thin: reports.services, .documents, .batch.

_DATE = click.DateTime(formats=["%Y-%m-%d"])


@click.group("reports")
def reports_group():
    """Sustainability assessments and PDF reports (trainee progress, programme)."""


def _report_day(value) -> "date":
    return value.date() if value is not None else local_today()


def _report_kecamatan(value: str | None) -> str | None:
    from reports import batch

    try:
        return batch.resolve_kecamatan(value)
    except ValueError as err:
        raise BadInput(f"Unknown kecamatan {value!r}: give a code (32.73.01) or a name (Sukasari).") from err


def _report_locale(value: str | None) -> str | None:
    if value is not None and value not in current_app.config["LANGUAGES"]:
        raise BadInput(f"Unknown language {value!r}; one of: {', '.join(current_app.config['LANGUAGES'])}.")
    return value


def _assess_with_progress(as_of, kecamatan: str | None) -> int:
    from reports import batch, services

    total = len(batch.programme_trainee_ids(as_of=as_of, kecamatan=kecamatan))
    with _cli_locale(), click.progressbar(length=total, label="Assessing", file=sys.stderr) as bar:
        count = services.assess_all(actor=None, as_of=as_of, kecamatan=kecamatan,
                                    progress=lambda done, total: bar.update(1))
    db.session.commit()
    return count


@reports_group.command("assess")
@click.option("--as-of", type=_DATE, help="The day the assessments describe (default: today).")
@click.option("--kecamatan", metavar="CODE|NAME", help="Only the trainees of one kecamatan.")
@with_appcontext
def reports_assess_command(as_of, kecamatan):
    """Assess every trainee in the programme and store the snapshots (a trainee whose
    inputs did not change since today's snapshot keeps it)."""
    _require_schema()
    as_of, code = _report_day(as_of), _report_kecamatan(kecamatan)
    started = time.perf_counter()
    count = _assess_with_progress(as_of, code)
    click.echo(f"Assessed {count} trainees as of {as_of.isoformat()} in {time.perf_counter() - started:.1f} s.")


@reports_group.command("trainees")
@click.option("--kecamatan", metavar="CODE|NAME", help="Only the trainees of one kecamatan.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="Directory for the PDFs (default: ./reports-<as-of>).")
@click.option("--workers", type=click.IntRange(1, 256), help="Worker processes (default: the number of cores).")
@click.option("--as-of", type=_DATE, help="The day the reports describe (default: today).")
@click.option("--locale", metavar="LANG", help="Language of the reports (default: the app's, Indonesian).")
@click.option("--assess/--no-assess", default=True, show_default=True,
              help="Assess every trainee first, or print the latest stored assessments.")
@with_appcontext
def reports_trainees_command(kecamatan, out, workers, as_of, locale, assess):
    """Generate the progress report PDF of every trainee in the programme, in parallel
    worker processes, with a summary (count, time, failures by name). Exit code 1 when
    any report failed."""
    from reports import batch

    _require_schema()
    as_of, code, locale = _report_day(as_of), _report_kecamatan(kecamatan), _report_locale(locale)
    out = out or Path(f"reports-{as_of.isoformat()}")
    started = time.perf_counter()
    if assess:
        _assess_with_progress(as_of, code)
    ids = batch.programme_trainee_ids(as_of=as_of, kecamatan=code)
    with click.progressbar(length=len(ids), label="Rendering", file=sys.stderr) as bar:
        result = batch.render_trainee_reports(ids, out, as_of=as_of, workers=workers, locale=locale,
                                              generated_on=local_today(), progress=lambda done, total: bar.update(1))
    rate = f" ({len(result.written) / result.seconds:.1f} reports/s)" if result.seconds and result.written else ""
    click.echo(f"Wrote {len(result.written)} of {result.count} trainee reports to {out} with {result.workers} "
               f"worker{'s' if result.workers != 1 else ''} in {result.seconds:.1f} s{rate}; "
               f"{time.perf_counter() - started:.1f} s in all.")
    if result.failures:
        click.echo(f"{len(result.failures)} failed:", err=True)
        for failure in result.failures:
            click.echo(f"  #{failure.trainee_id} {failure.name}: {failure.error}", err=True)
        sys.exit(1)


@reports_group.command("programme")
@click.option("--start", required=True, type=_DATE, help="First day of the period.")
@click.option("--end", required=True, type=_DATE, help="Last day of the period.")
@click.option("--kecamatan", metavar="CODE|NAME", help="Only one kecamatan.")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="The PDF file to write.")
@click.option("--as-of", type=_DATE, help="'Now' for balances and bands (default: today).")
@click.option("--locale", metavar="LANG", help="Language of the report (default: the app's, Indonesian).")
@with_appcontext
def reports_programme_command(start, end, kecamatan, out, as_of, locale):
    """Write the programme report (TKPK) for a period as a PDF."""
    from reports import documents, services

    _require_schema()
    as_of, code, locale = _report_day(as_of), _report_kecamatan(kecamatan), _report_locale(locale)
    started = time.perf_counter()
    try:
        report = services.programme_figures(
            services.ProgrammeFilters(start=start.date(), end=end.date(), kecamatan=code), as_of=as_of)
    except ValueError as err:
        raise BadInput(str(err)) from err
    pdf = documents.programme_report_pdf(report, locale=locale, generated_on=local_today())
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(pdf)
    click.echo(f"Wrote {out} ({len(pdf) // 1024} KB) in {time.perf_counter() - started:.1f} s.")


# --- Complaints (issue 6): deadlines and the e-mail outbox. Thin: complaints.services,
# accounts.notifications.


@click.group("complaints")
def complaints_group():
    """Complaint deadlines (escalation, auto-close) and the notification e-mail outbox."""


def _escalation_now(today):
    """``now`` for the escalation job: the real time, or 12:00 in Bandung on ``--today``
    (so a backfilled or test run is reproducible)."""
    from datetime import datetime, time as clock, timezone
    from zoneinfo import ZoneInfo

    from extensions import LOCAL_TZ_NAME, utcnow

    if today is None:
        return utcnow()
    return datetime.combine(today.date(), clock(12, 0), ZoneInfo(LOCAL_TZ_NAME)).astimezone(timezone.utc)


def _send_mail(now) -> tuple[int, int]:
    from accounts import notifications

    sent, failed = notifications.send_outbox(now=now)
    db.session.commit()
    return sent, failed


@complaints_group.command("escalate")
@click.option("--today", type=_DATE, help="Run as if at 12:00 (Asia/Jakarta) on this day (default: now).")
@with_appcontext
def complaints_escalate_command(today):
    """Mark missed verification and answer deadlines (telling the admins and the
    assignee), close answers left without reply, then send the e-mail outbox when
    MAIL_SERVER is set. Run it daily (cron); a second run the same day does nothing."""
    from accounts import notifications
    from complaints import services

    _require_schema()
    now = _escalation_now(today)
    with _cli_locale():
        result = services.escalate(now=now)
    db.session.commit()
    click.echo(f"Verification overdue: {result.verify_overdue}; answer overdue: {result.answer_overdue}; "
               f"auto-closed: {result.auto_closed}; notifications: {result.notified}.")
    if current_app.config.get("MAIL_SERVER"):
        sent, failed = _send_mail(_escalation_now(None))  # sent_at: the real time, even with --today
        click.echo(f"E-mail sent: {sent}; failed: {failed}.")
    else:
        click.echo(f"MAIL_SERVER is not set: {notifications.pending_count()} e-mail(s) wait in the outbox.")


@complaints_group.command("send-mail")
@with_appcontext
def complaints_send_mail_command():
    """Send the waiting notification e-mails over SMTP (MAIL_SERVER). Exit code 1 when
    any failed (they stay in the outbox and are tried again next time)."""
    from accounts import notifications
    from extensions import utcnow

    _require_schema()
    if not current_app.config.get("MAIL_SERVER"):
        raise BadInput(f"MAIL_SERVER is not set; {notifications.pending_count()} e-mail(s) wait in the outbox.")
    sent, failed = _send_mail(utcnow())
    click.echo(f"E-mail sent: {sent}; failed: {failed}; still waiting: {notifications.pending_count()}.")
    if failed:
        sys.exit(1)


def register(app: Flask) -> None:
    app.cli.add_command(create_user_command)
    app.cli.add_command(import_trainees_command)
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(reports_group)
    app.cli.add_command(complaints_group)

"""Flask CLI commands. Thin: they parse arguments and call services."""
from __future__ import annotations

import sys
import time
from contextlib import contextmanager
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from flask_babel import force_locale
from sqlalchemy import func, inspect, select, text

from extensions import db, local_today

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


def refresh_statistics() -> None:
    """ANALYZE the tables a bulk load filled. Without fresh statistics both planners
    pick bad plans for the trainee list (e.g. sorting a mentor's 50,000 rows instead of
    walking the name index); PostgreSQL's autovacuum catches up only later, SQLite never."""
    for table in ("trainee", "business", "audit_event"):
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
@with_appcontext
def seed_demo_command(count, reset, if_empty, seed, with_loans):
    """Create demo users (admin, officer, officer2, mentor, mentor2, trainee; password
    DEMO_PASSWORD, default demo-berdaya), demo trainees across Kota Bandung, two loan
    products, two funding sources and loans in every state for about 40 % of the trainees
    (at most 600).

    --reset destroys the whole database, audit trail included: it migrates down to base
    and up again, because audit events cannot be deleted.
    """
    from accounts.models import User
    from accounts.services import AccountError
    from loans import demo as loans_demo
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
    except (AccountError, demo.DemoError, loans_demo.LoanDemoError) as err:
        db.session.rollback()
        with _cli_locale():
            message = str(err)
        raise click.ClickException(message) from err
    db.session.commit()
    refresh_statistics()
    made = f" and {loans.loans} loans ({loans.repayments} repayments)" if loans else ""
    click.echo(
        f"Created users {', '.join(result.users)}, {result.trainees} trainees{made} "
        f"in {time.perf_counter() - started:.1f} s."
    )


def register(app: Flask) -> None:
    app.cli.add_command(create_user_command)
    app.cli.add_command(import_trainees_command)
    app.cli.add_command(seed_demo_command)

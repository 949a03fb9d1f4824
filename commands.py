"""Flask CLI commands. Thin: they parse arguments and call services."""
from __future__ import annotations

import click
from flask import Flask
from flask.cli import with_appcontext

from extensions import db


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
        user = services.create_user(
            username=username, full_name=full_name or username, role=Role(role), password=password, actor=None
        )
    except services.AccountError as err:
        raise click.ClickException(str(err)) from err
    db.session.commit()
    click.echo(f"Created {user.username} ({user.role}).")


def register(app: Flask) -> None:
    app.cli.add_command(create_user_command)

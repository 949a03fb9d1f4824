"""The committed migrations and the models describe the same schema."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from extensions import db, render_migration_item


def test_models_and_migrations_agree(app):
    with db.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "render_item": render_migration_item}
        )
        diffs = compare_metadata(context, db.metadata)
    assert diffs == [], "models differ from migrations; run `flask db migrate`: %r" % (diffs,)

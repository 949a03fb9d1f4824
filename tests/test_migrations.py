"""The committed migrations and the models describe the same schema."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from extensions import db, include_migration_object, render_migration_item


def test_models_and_migrations_agree(app):
    with db.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": True, "render_item": render_migration_item, "include_object": include_migration_object}
        )
        diffs = compare_metadata(context, db.metadata)
    assert diffs == [], "models differ from migrations; run `flask db migrate`: %r" % (diffs,)


def test_postgresql_gets_its_search_indexes(app):
    from sqlalchemy import text

    from extensions import POSTGRESQL_ONLY_INDEXES

    if db.engine.dialect.name != "postgresql":
        import pytest

        pytest.skip("PostgreSQL-only indexes")
    names = set(db.session.scalars(text("SELECT indexname FROM pg_indexes WHERE tablename = 'trainee'")))
    assert POSTGRESQL_ONLY_INDEXES <= names

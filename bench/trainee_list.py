"""How the trainee list and detail pages scale: 1,000 vs 100,000 trainees.

For each size the script builds a fresh database (migrations, then the demo seeder),
logs in as ``admin`` and as ``mentor`` through the Flask test client, and times each
request (median of BENCH_REPEAT runs, after one warm-up) while counting its SQL
statements. It prints one table with the 100k/1k ratio.

    .venv/bin/python bench/trainee_list.py                     # SQLite temp files
    BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/berdaya_bench \\
        .venv/bin/python bench/trainee_list.py                 # PostgreSQL: DESTROYS that database's data

Environment: BENCH_SIZES (default "1000,100000"), BENCH_REPEAT (default 20).
"""
from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from flask_babel import force_locale  # noqa: E402
from sqlalchemy import event, select  # noqa: E402

SIZES = [int(n) for n in os.environ.get("BENCH_SIZES", "1000,100000").split(",")]
REPEAT = int(os.environ.get("BENCH_REPEAT", "20"))
BUSY_KECAMATAN = "32.73.16"  # Kiaracondong; the seeder spreads trainees evenly anyway


def make_app(uri: str):
    from app import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": uri, "WTF_CSRF_ENABLED": False, "SQLALCHEMY_ENGINE_OPTIONS": {}})


def build(app, n: int) -> float:
    """Fresh schema + demo data with ``n`` trainees; returns the seconds it took."""
    from commands import refresh_statistics, reset_database
    from extensions import db, local_today
    from trainees import demo

    with app.app_context():
        reset_database()
        started = time.perf_counter()
        with force_locale("en"):
            demo.seed_demo(trainees=n, password=app.config["DEMO_PASSWORD"], today=local_today())
        db.session.commit()
        refresh_statistics()  # as `flask seed-demo` does
        return time.perf_counter() - started


def cases(app) -> list[tuple[str, str, str]]:
    """(role, label, url): the same requests at every size."""
    from accounts.models import User
    from extensions import db
    from trainees.models import Trainee

    with app.app_context():
        mentor_id = db.session.scalar(select(User.id).where(User.username == "mentor"))
        count = db.session.scalar(select(Trainee.id).order_by(Trainee.id.desc()).limit(1))
        middle = db.session.scalar(
            select(Trainee.id).where(Trainee.mentor_id == mentor_id, Trainee.id >= count // 2).order_by(Trainee.id).limit(1)
        )
    return [
        ("admin", "list", "/trainees/"),
        ("admin", "search q=siti", "/trainees/?q=siti"),
        ("admin", "kecamatan filter", f"/trainees/?kecamatan={BUSY_KECAMATAN}"),
        ("admin", "detail", f"/trainees/{middle}"),
        ("mentor", "list", "/trainees/"),
        ("mentor", "search q=siti", "/trainees/?q=siti"),
        ("mentor", "kecamatan filter", f"/trainees/?kecamatan={BUSY_KECAMATAN}"),
        ("mentor", "detail", f"/trainees/{middle}"),
    ]


def measure(app) -> dict[tuple[str, str], tuple[float, int]]:
    """(role, label) -> (median ms, SQL statements per request)."""
    from extensions import db

    statements = []
    with app.app_context():
        engine = db.engine

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    clients = {}
    for role in ("admin", "mentor"):
        client = app.test_client()
        response = client.post("/login", data={"username": role, "password": app.config["DEMO_PASSWORD"]})
        assert response.status_code == 302, f"login as {role} failed"
        clients[role] = client

    results = {}
    event.listen(engine, "before_cursor_execute", count)
    try:
        for role, label, url in cases(app):
            client = clients[role]
            assert client.get(url).status_code == 200, (role, url)  # warm-up
            statements.clear()
            client.get(url)
            queries = len(statements)
            timings = []
            for _ in range(REPEAT):
                started = time.perf_counter()
                response = client.get(url)
                timings.append(time.perf_counter() - started)
                assert response.status_code == 200
            results[(role, label)] = (statistics.median(timings) * 1000, queries)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return results


def main() -> None:
    url = os.environ.get("BENCH_DATABASE_URL")
    backend = "PostgreSQL" if url else "SQLite"
    print(f"Backend: {backend}; sizes {SIZES}; median of {REPEAT} requests each.")
    if url:
        # The planner's random_page_cost decides whether name search counts through the
        # trigram index (README: set 1.1 on SSD); print it so results are comparable.
        from sqlalchemy import create_engine, text

        probe = create_engine(url)
        with probe.connect() as conn:
            print(f"PostgreSQL random_page_cost = {conn.execute(text('SHOW random_page_cost')).scalar()}")
        probe.dispose()
    by_size = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in SIZES:
            uri = url or f"sqlite:///{Path(tmp) / f'bench_{n}.db'}"
            app = make_app(uri)
            seconds = build(app, n)
            print(f"  seeded {n:>7,} trainees in {seconds:6.1f} s", flush=True)
            by_size[n] = measure(app)
            from extensions import db

            with app.app_context():
                db.engine.dispose()
    small, large = SIZES[0], SIZES[-1]
    head = f"{'role':<7} {'request':<17} {f'{small:,} ms':>10} {f'{large:,} ms':>11} {'ratio':>6} {'queries':>8}"
    print()
    print(head)
    print("-" * len(head))
    for key in by_size[small]:
        (ms_small, q_small), (ms_large, q_large) = by_size[small][key], by_size[large][key]
        queries = str(q_small) if q_small == q_large else f"{q_small}/{q_large}"
        print(f"{key[0]:<7} {key[1]:<17} {ms_small:>10.1f} {ms_large:>11.1f} {ms_large / ms_small:>6.1f} {queries:>8}")


if __name__ == "__main__":
    main()

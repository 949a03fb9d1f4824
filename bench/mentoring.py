"""Mentoring pages at 1,000 vs 100,000 sessions.

For each size the script builds a fresh database (migrations, the demo users and
BENCH_TRAINEES demo trainees, then BENCH_MENTORS mentors with an equal caseload each, the
demo ``mentor`` among them) and **bulk-inserts** the mentoring history: ``n`` sessions
over the last two years (80 % individual, 20 % group of 3-5 of the mentor's trainees,
1-3 topics, notes), their attendance (10 % of group places absent), ``n / 2`` action
items (a third still open, some overdue) and monthly check-ins (``n / trainees / 2``
months per trainee, at least one, at most 36). Rows are written directly, without the
services and their audit events: logging 100,000 sessions through ``log_session`` would
measure the seeding, not the pages. Then ANALYZE (PostgreSQL: VACUUM ANALYZE, as
autovacuum would soon do on a live database).

Then it logs in as ``mentor`` and ``admin`` through the Flask test client and times, as
the median of BENCH_REPEAT requests after one warm-up, with the SQL statements per request:

- mentor home ``GET /mentoring/`` (caseload + early warnings),
- admin home ``GET /mentoring/`` (every mentor's figures),
- the trainee page ``GET /trainees/<id>`` (mentor and admin) of the mentor's trainee with
  the most sessions,
- the session history ``GET /mentoring/trainees/<id>/sessions`` and the check-in chart
  ``GET /mentoring/trainees/<id>/chart.svg`` when those routes exist,

and the ``mentoring.overview`` functions called directly (no template), so a slow page
can be told from a slow query. A route that does not exist yet is reported as missing
and skipped. The last columns are the 100k/1k ratio and the statement counts.

    .venv/bin/python bench/mentoring.py                        # SQLite temp files
    BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/berdaya_bench \\
        .venv/bin/python bench/mentoring.py                    # PostgreSQL: DESTROYS that database's data

Environment: BENCH_SIZES (sessions, default "1000,100000"), BENCH_REPEAT (default 20),
BENCH_TRAINEES (default 2000), BENCH_MENTORS (default 50).
"""
from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from flask_babel import force_locale  # noqa: E402
from sqlalchemy import event, insert, select, text, update  # noqa: E402

SIZES = [int(n) for n in os.environ.get("BENCH_SIZES", "1000,100000").split(",")]
REPEAT = int(os.environ.get("BENCH_REPEAT", "20"))
TRAINEES = int(os.environ.get("BENCH_TRAINEES", "2000"))
MENTORS = int(os.environ.get("BENCH_MENTORS", "50"))
CHUNK = 5000
SEED = 2026

TOPICS = ("bookkeeping", "pricing", "marketing", "digital_sales", "product_quality", "stock", "loan_use",
          "savings", "legal", "money_separation")
MODES = ("field_visit", "phone", "video", "group_meeting", "training_follow_up")


def make_app(uri: str):
    from app import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": uri, "WTF_CSRF_ENABLED": False, "SQLALCHEMY_ENGINE_OPTIONS": {}})


def _chunks(rows, size=CHUNK):
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


def _insert(table, rows) -> None:
    from extensions import db

    for chunk in _chunks(rows):
        db.session.execute(insert(table), chunk)


def _months_back(today: date, n: int) -> date:
    index = today.year * 12 + today.month - 1 - n
    return date(index // 12, index % 12 + 1, 1)


def build(app, sessions: int) -> tuple[float, float, dict]:
    """Fresh schema, demo users and trainees, mentors, then the mentoring rows. Returns
    (seconds for the trainees, seconds for the mentoring rows, counts)."""
    from accounts import services as account_services
    from accounts.models import Role, User
    from commands import refresh_statistics, reset_database
    from extensions import db, local_today
    from mentoring.models import (
        ActionItem, BusinessCheckin, MentorAssignment, MentoringSession, SessionAttendance, SessionTopic,
    )
    from trainees import demo
    from trainees.models import Kelurahan, Trainee

    rng = random.Random(SEED)
    today = local_today()
    with app.app_context():
        reset_database()
        started = time.perf_counter()
        with force_locale("en"):
            result = demo.seed_demo(trainees=TRAINEES, password=app.config["DEMO_PASSWORD"], today=today)
        mentor_ids = [result.users["mentor"].id, result.users["mentor2"].id]
        for n in range(len(mentor_ids), MENTORS):
            mentor_ids.append(account_services.create_user(
                username=f"benchmentor{n}", full_name=f"Pendamping Bench {n:03d}", role=Role.MENTOR,
                password=app.config["DEMO_PASSWORD"], actor=None).id)
        db.session.flush()
        # an equal caseload each (the demo gives its two mentors half of everyone); the
        # opening assignment rows follow
        trainee_ids = list(db.session.scalars(select(Trainee.id).order_by(Trainee.id)))
        caseloads: dict[int, list[int]] = {m: [] for m in mentor_ids}
        for i, trainee_id in enumerate(trainee_ids):
            caseloads[mentor_ids[i % len(mentor_ids)]].append(trainee_id)
        for mentor_id, ids in caseloads.items():
            for chunk in _chunks(ids, 900):
                db.session.execute(update(Trainee).where(Trainee.id.in_(chunk)).values(mentor_id=mentor_id))
                db.session.execute(update(MentorAssignment).where(MentorAssignment.trainee_id.in_(chunk),
                                                                  MentorAssignment.ended_on.is_(None))
                                   .values(mentor_id=mentor_id))
        db.session.commit()
        trainees_seconds = time.perf_counter() - started

        started = time.perf_counter()
        kelurahan = list(db.session.scalars(select(Kelurahan.code)))
        admin_id = result.users["admin"].id
        now = datetime.now(timezone.utc)
        session_rows, attendance_rows, topic_rows = [], [], []
        sessions_per_trainee: dict[int, int] = {}
        for session_id in range(1, sessions + 1):
            mentor_id = rng.choice(mentor_ids)
            caseload = caseloads[mentor_id]
            group = rng.random() < 0.2 and len(caseload) >= 3
            participants = rng.sample(caseload, rng.randint(3, min(5, len(caseload)))) if group else [rng.choice(caseload)]
            held_on = today - timedelta(days=rng.randrange(0, 730))
            session_rows.append(dict(
                id=session_id, kind="group" if group else "individual", held_on=held_on,
                starts_at=None, duration_minutes=rng.choice((30, 45, 60, 90, 120)),
                mode="group_meeting" if group else rng.choice(MODES), kelurahan_code=rng.choice(kelurahan),
                topic_other=None, shared_notes="Catatan bersama: lanjutkan pencatatan harian.",
                staff_notes="Catatan staf: kondisi keluarga.",
                next_session_on=held_on + timedelta(days=14) if rng.random() < 0.7 else None,
                mentor_id=mentor_id, created_at=now, updated_at=now,
            ))
            for trainee_id in participants:
                attendance_rows.append(dict(session_id=session_id, trainee_id=trainee_id, held_on=held_on,
                                            attended=not (group and rng.random() < 0.1)))
                sessions_per_trainee[trainee_id] = sessions_per_trainee.get(trainee_id, 0) + 1
            for topic in rng.sample(TOPICS, rng.randint(1, 3)):
                topic_rows.append(dict(session_id=session_id, topic=topic))
        _insert(MentoringSession.__table__, session_rows)
        _insert(SessionAttendance.__table__, attendance_rows)
        _insert(SessionTopic.__table__, topic_rows)

        action_rows = []
        for _ in range(sessions // 2):
            trainee_id = rng.choice(trainee_ids)
            due_on = today - timedelta(days=rng.randrange(-30, 700))
            state = rng.random()
            status = "open" if state < 1 / 3 else ("done" if state < 0.9 else "dropped")
            action_rows.append(dict(
                trainee_id=trainee_id, session_id=None, description="Catat penjualan harian di buku kas",
                due_on=due_on, owner=rng.choice(("trainee", "mentor")), status=status,
                completed_on=None if status == "open" else min(today, due_on + timedelta(days=rng.randrange(0, 20))),
                completed_by_id=None if status == "open" else admin_id, created_by_id=admin_id,
                created_at=now, updated_at=now,
            ))
        _insert(ActionItem.__table__, action_rows)

        per_trainee = max(1, min(36, -(-sessions // (2 * len(trainee_ids)))))
        checkin_rows = []
        for trainee_id in trainee_ids:
            revenue = rng.randrange(1_000, 20_000) * 1000
            trend = rng.choice((-0.04, 0.0, 0.03))
            for back in range(per_trainee, 0, -1):
                revenue = max(0, int(revenue * (1 + trend + rng.uniform(-0.05, 0.05))) // 1000 * 1000)
                costs = int(revenue * rng.uniform(0.5, 1.1)) // 1000 * 1000
                checkin_rows.append(dict(
                    trainee_id=trainee_id, month=_months_back(today, back), revenue=Decimal(revenue),
                    costs=Decimal(costs), other_income=Decimal(0), savings=Decimal(rng.randrange(0, 50) * 100_000),
                    paid_workers=0, unpaid_workers=1, recorded_by_id=admin_id, created_at=now, updated_at=now,
                ))
        _insert(BusinessCheckin.__table__, checkin_rows)
        if db.engine.dialect.name == "postgresql":
            db.session.execute(text(
                "SELECT setval(pg_get_serial_sequence('mentoring_session', 'id'), (SELECT max(id) FROM mentoring_session))"))
        db.session.commit()
        refresh_statistics()
        # fresh statistics for the planners; on PostgreSQL also the visibility map (VACUUM),
        # as autovacuum would soon do on a live database, so index-only scans are possible
        tables = ("trainee", "mentoring_session", "session_attendance", "session_topic", "action_item",
                  "business_checkin", "mentor_assignment")
        db.session.close()
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            verb = "VACUUM ANALYZE" if db.engine.dialect.name == "postgresql" else "ANALYZE"
            for table in tables:
                conn.execute(text(f"{verb} {table}"))
        counts = dict(sessions=len(session_rows), attendance=len(attendance_rows), topics=len(topic_rows),
                      actions=len(action_rows), checkins=len(checkin_rows))
        mentor = db.session.scalar(select(User).where(User.username == "mentor"))
        counts["mentor_trainees"] = len(caseloads[mentor.id])
        counts["busiest"] = max(caseloads[mentor.id], key=lambda t: sessions_per_trainee.get(t, 0))
        counts["busiest_sessions"] = sessions_per_trainee.get(counts["busiest"], 0)
        return trainees_seconds, time.perf_counter() - started, counts


def _routes(app) -> set[str]:
    return {rule.rule for rule in app.url_map.iter_rules()}


def cases(app, trainee_id: int) -> tuple[list[tuple[str, str, str]], list[str]]:
    """(role, label, url) for the requests whose routes exist, and the missing ones."""
    routes = _routes(app)
    wanted = [
        ("mentor", "mentor home", "/mentoring/", "/mentoring/"),
        ("admin", "admin home", "/mentoring/", "/mentoring/"),
        ("mentor", "trainee page", f"/trainees/{trainee_id}", "/trainees/<int:id>"),
        ("admin", "trainee page", f"/trainees/{trainee_id}", "/trainees/<int:id>"),
        ("mentor", "session history", f"/mentoring/trainees/{trainee_id}/sessions",
         "/mentoring/trainees/<int:id>/sessions"),
        ("mentor", "check-in chart", f"/mentoring/trainees/{trainee_id}/chart.svg",
         "/mentoring/trainees/<int:id>/chart.svg"),
    ]
    present = [(role, label, url) for role, label, url, rule in wanted if rule in routes]
    missing = [f"{role} {label} ({rule})" for role, label, url, rule in wanted if rule not in routes]
    return present, missing


def _timed(engine, fn) -> tuple[float, int]:
    """(median ms over REPEAT calls after a warm-up, statements of one call)."""
    statements = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    fn()
    event.listen(engine, "before_cursor_execute", count)
    try:
        fn()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    timings = []
    for _ in range(REPEAT):
        started = time.perf_counter()
        fn()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings) * 1000, len(statements)


def measure(app, counts: dict) -> tuple[dict, list[str]]:
    """(role, label) -> (median ms, statements); and the missing routes."""
    from accounts.models import User
    from extensions import db, local_today
    from mentoring import overview
    from trainees.models import Trainee

    with app.app_context():
        engine = db.engine
    trainee_id = counts["busiest"]
    present, missing = cases(app, trainee_id)
    results = {}

    clients = {}
    for role in ("admin", "mentor"):
        client = app.test_client()
        response = client.post("/login", data={"username": role, "password": app.config["DEMO_PASSWORD"]})
        assert response.status_code == 302, f"login as {role} failed"
        clients[role] = client

    for role, label, url in present:
        client = clients[role]

        def get(client=client, url=url):
            response = client.get(url)
            assert response.status_code == 200, (role, url, response.status_code)

        results[(role, label)] = _timed(engine, get)

    # the read functions alone (no template, no login): the query side of the pages
    as_of = local_today()
    with app.app_context(), force_locale("en"):
        mentor_id = db.session.scalar(select(User.id).where(User.username == "mentor"))

        def fresh(fn):
            def run():
                db.session.expire_all()
                return fn()
            return run

        results[("direct", "caseload()")] = _timed(engine, fresh(lambda: overview.early_warning(
            overview.caseload(mentor_id, as_of=as_of))))
        results[("direct", "mentor_caseloads()")] = _timed(engine, fresh(
            lambda: overview.mentor_caseloads(as_of=as_of)))
        results[("direct", "trainee_mentoring()")] = _timed(engine, fresh(lambda: overview.trainee_mentoring(
            db.session.get(Trainee, trainee_id), as_of=as_of, include_staff_notes=True)))
        results[("direct", "trainee_sessions()")] = _timed(engine, fresh(lambda: overview.trainee_sessions(
            db.session.get(Trainee, trainee_id), include_staff_notes=False, page=2, per_page=20)))
        db.session.remove()
    return results, missing


def main() -> None:
    url = os.environ.get("BENCH_DATABASE_URL")
    backend = "PostgreSQL" if url else "SQLite"
    print(f"Backend: {backend}; sessions {SIZES}; {TRAINEES:,} trainees, {MENTORS} mentors; "
          f"median of {REPEAT} requests each.")
    if url:
        from sqlalchemy import create_engine

        probe = create_engine(url)
        with probe.connect() as conn:
            print(f"PostgreSQL {conn.execute(text('SHOW server_version')).scalar()}, "
                  f"random_page_cost = {conn.execute(text('SHOW random_page_cost')).scalar()}")
        probe.dispose()
    by_size, missing = {}, []
    with tempfile.TemporaryDirectory() as tmp:
        for n in SIZES:
            uri = url or f"sqlite:///{Path(tmp) / f'bench_mentoring_{n}.db'}"
            app = make_app(uri)
            trainees_s, mentoring_s, counts = build(app, n)
            print(f"  {n:>7,} sessions: trainees {trainees_s:5.1f} s, mentoring rows {mentoring_s:5.1f} s "
                  f"({counts['attendance']:,} attendances, {counts['topics']:,} topics, {counts['actions']:,} actions, "
                  f"{counts['checkins']:,} check-ins); mentor has {counts['mentor_trainees']} trainees; "
                  f"trainee {counts['busiest']} has {counts['busiest_sessions']} sessions", flush=True)
            by_size[n], missing = measure(app, counts)
            from extensions import db

            with app.app_context():
                db.engine.dispose()
    if missing:
        print("Routes not there yet (skipped): " + "; ".join(missing))
    small, large = SIZES[0], SIZES[-1]
    head = f"{'who':<7} {'request':<21} {f'{small:,} ms':>10} {f'{large:,} ms':>11} {'ratio':>6} {'queries':>8}"
    print()
    print(head)
    print("-" * len(head))
    for key in by_size[small]:
        (ms_small, q_small), (ms_large, q_large) = by_size[small][key], by_size[large][key]
        queries = str(q_small) if q_small == q_large else f"{q_small}/{q_large}"
        print(f"{key[0]:<7} {key[1]:<21} {ms_small:>10.1f} {ms_large:>11.1f} {ms_large / ms_small:>6.1f} {queries:>8}")


if __name__ == "__main__":
    main()

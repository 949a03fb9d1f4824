"""Complaints at 1,000 vs 10,000 complaints: the dashboard, the lists and the daily escalation.

For each size the script builds a fresh database (``flask db upgrade``: the migrations;
then the demo users and ``--trainees`` (500) demo trainees, a second admin and more officers and
mentors up to ``--staff`` assignees, the demo's fixed-date holidays for three years) and
**bulk-inserts** ``n`` complaints received over the last year with their timelines: each
complaint is taken through the workflow as the services would (received -> verified ->
assigned -> in progress -> answered -> completed by the complainant or by the auto-close,
8 % declined as not our authority or archived), with the deadlines computed by
``complaints.workdays`` from the same holidays, and cut at the present moment, so recent
complaints are still at every stage and old ones are finished. About 10 % of the finished
ones missed a deadline (and carry the ESCALATED step and mark the daily job would have
written). ``--overdue`` (5 %) are stuck *now*: still received, or verified/assigned/in
progress, past their deadline and not yet escalated, so ``escalate`` has that share to
do. About 6 ComplaintEvent rows per complaint (1 to 9), and the notifications the services would have
written (every admin for each complaint received, the assignee for each assignment; read
after a few days). Rows are written directly, without the services and audit events:
filing 10,000 complaints through ``file_complaint`` would time the seeding, not the pages.
Then ANALYZE (PostgreSQL: VACUUM ANALYZE, as autovacuum would soon do).

It logs in as ``admin`` and ``officer`` through the Flask test client and times, as the
median of ``--repeat`` runs after one warm-up, with the SQL statements of one run:

1. the admin dashboard ``GET /complaints/dashboard`` (all time), and its parts called
   directly (no template): loading the figure columns of every visible complaint, ``stats.figures`` over them
   (Python), ``stats.overdue``;
2. the admin list ``GET /complaints/`` (first page);
3. the officer's list ``GET /complaints/`` (first page: what is assigned to or filed by him);
4. ``complaints.services.escalate(now=...)``: each run starts from the same fresh state
   (the run's transaction is rolled back, nothing is committed), and the number of
   complaints it escalated / closed and notifications it wrote is printed.

The last columns are the ratio of the largest to the smallest size, the statement counts
(one number when equal at both sizes) and the size of the HTML pages.

    .venv/bin/python bench/complaints.py                      # SQLite temporary files
    .venv/bin/python bench/complaints.py \\
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/berdaya
        # PostgreSQL: creates the private database berdaya_bench_complaints_<pid> on that
        # server (connecting to the maintenance database "postgres"), drops it at the end;
        # the database named in the URL itself is never opened.

Options (environment in brackets): --sizes 1000,10000 [BENCH_SIZES], --repeat 10
[BENCH_REPEAT], --trainees 500 [BENCH_TRAINEES], --staff 20 [BENCH_STAFF], --overdue 0.05,
--database-url [BENCH_DATABASE_URL].
"""
from __future__ import annotations

import argparse
import atexit
import logging
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, time as clock, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from flask_babel import force_locale  # noqa: E402
from sqlalchemy import create_engine, event, insert, make_url, select, text, update  # noqa: E402

CHUNK = 2000
SEED = 2026
JAKARTA = ZoneInfo("Asia/Jakarta")

#: (value, weight): what a programme office receives.
KINDS = (("complaint", 45), ("information", 19), ("aspiration", 15), ("urgent", 15), ("misconduct", 6))
CATEGORIES = (("loan", 35), ("mentoring", 20), ("training", 15), ("staff_conduct", 5), ("data_privacy", 5),
              ("other", 20))
CHANNELS = (("staff", 60), ("public", 35), ("portal", 5))
DECLINE_REASON = "Urusan bantuan sosial ditangani Dinas Sosial; pelapor sudah kami arahkan ke sana."
NOTE = "Sudah menghubungi pelapor per telepon; data sedang dicek."


def parse_args(argv=None) -> argparse.Namespace:
    env = os.environ.get
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=env("BENCH_DATABASE_URL") or None,
                        help="PostgreSQL server to use (a private database is created on it); "
                             "default: SQLite temporary files")
    parser.add_argument("--sizes", default=env("BENCH_SIZES", "1000,10000"),
                        help="complaints per run, comma-separated; the first and last are compared")
    parser.add_argument("--repeat", type=int, default=int(env("BENCH_REPEAT", "10")), help="runs per measure")
    parser.add_argument("--trainees", type=int, default=int(env("BENCH_TRAINEES", "500")))
    parser.add_argument("--staff", type=int, default=int(env("BENCH_STAFF", "20")),
                        help="officers and mentors complaints are assigned to")
    parser.add_argument("--overdue", type=float, default=0.05, help="share of complaints past a deadline now")
    args = parser.parse_args(argv)
    args.sizes = [int(n) for n in str(args.sizes).split(",")]
    if args.database_url and args.database_url.startswith("postgresql://"):
        args.database_url = "postgresql+psycopg://" + args.database_url[len("postgresql://"):]
    return args


# --- Databases ----------------------------------------------------------------------------------


class PrivateDatabase:
    """A database of this run's own on the server of ``url`` (CREATE/DROP issued from the
    maintenance database ``postgres``; the database named in ``url`` is never opened)."""

    def __init__(self, url: str):
        self.url = make_url(url)
        self.name = f"{self.url.database or 'berdaya'}_bench_complaints_{os.getpid()}"
        if self.name in ("test", "postgres") or self.name == self.url.database:
            raise SystemExit(f"refusing to use database {self.name!r}")
        self.admin = create_engine(self.url.set(database="postgres"), isolation_level="AUTOCOMMIT")
        atexit.register(self.drop)

    def fresh(self) -> str:
        with self.admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{self.name}"'))
        return self.url.set(database=self.name).render_as_string(hide_password=False)

    def drop(self) -> None:
        with self.admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'))
        self.admin.dispose()


def make_app(uri: str):
    from app import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": uri, "WTF_CSRF_ENABLED": False, "SQLALCHEMY_ENGINE_OPTIONS": {}})


# --- Building the data --------------------------------------------------------------------------


def _weighted(rng: random.Random, pairs) -> str:
    return rng.choices([v for v, _ in pairs], weights=[w for _, w in pairs], k=1)[0]


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    """``day`` at ``hour``:``minute`` in Bandung, as an aware UTC datetime."""
    return datetime.combine(day, clock(hour, minute), tzinfo=JAKARTA).astimezone(timezone.utc)


def _job_run_after(day: date, holidays) -> datetime:
    """When the daily job (cron ``5 6 * * 1-5``, 06:05 on weekdays; holidays counted as
    skipped, near enough) first finds ``day`` passed."""
    from complaints.workdays import add_working_days

    return _at(add_working_days(day, 1, holidays), 6, 5)


def _tracking_codes(rng: random.Random, n: int) -> list[str]:
    from complaints.services import TRACKING_ALPHABET, TRACKING_CODE_LENGTH

    codes: set[str] = set()
    while len(codes) < n:
        codes.add("".join(rng.choice(TRACKING_ALPHABET) for _ in range(TRACKING_CODE_LENGTH)))
    return sorted(codes, key=lambda _c: rng.random())


class Builder:
    """Generates one complaint's row, timeline and notifications, as the services would
    have written them, cut at ``now``."""

    def __init__(self, rng, *, now: datetime, holidays, policy, admins, staff, trainees, trainee_login):
        self.rng, self.now, self.holidays, self.policy = rng, now, holidays, policy
        self.today = now.astimezone(JAKARTA).date()
        self.admins, self.staff, self.trainees, self.trainee_login = admins, staff, trainees, trainee_login
        from complaints.demo import ANSWERS, CASES, MISCONDUCT

        self.cases = [(k.value, c.value, s, d) for k, c, s, d in CASES]
        self.misconduct, self.answers = MISCONDUCT, ANSWERS
        self.events: list[dict] = []
        self.notifications: list[dict] = []

    # -- helpers
    def wd(self, start: date, days: int) -> date:
        from complaints.workdays import add_working_days

        return add_working_days(start, days, self.holidays)

    def moment(self, day: date, earliest: datetime, lo: int = 8, hi: int = 16) -> datetime:
        at = _at(day, self.rng.randint(lo, hi), self.rng.choice((0, 10, 20, 30, 40, 50)))
        return max(at, earliest + timedelta(minutes=self.rng.randint(20, 90)))

    def event(self, cid: int, kind: str, at: datetime, actor, *, public: bool, body=None, **details) -> None:
        self.events.append(dict(complaint_id=cid, at=at, actor_id=actor, kind=kind, body=body, is_public=public,
                                details=details))

    def notify(self, user_id: int, kind: str, cid: int, subject: str, at: datetime, misconduct: bool) -> None:
        params = {"id": cid, "misconduct": True} if misconduct else {"id": cid, "subject": subject}
        read_at = at + timedelta(hours=self.rng.randint(1, 72))
        self.notifications.append(dict(user_id=user_id, kind=kind, params=params, link=f"/complaints/{cid}",
                                       created_at=at, read_at=read_at if read_at < self.now else None))

    # -- one complaint
    def complaint(self, cid: int, code: str, *, stuck: bool) -> dict:
        rng, now = self.rng, self.now
        kind = _weighted(rng, KINDS)
        misconduct = kind == "misconduct"
        if misconduct:
            category, (subject, description) = "staff_conduct", self.misconduct
        else:
            case = rng.choice([c for c in self.cases if c[0] == kind] or self.cases)
            category, subject, description = _weighted(rng, CATEGORIES), case[2], case[3]
        channel = _weighted(rng, CHANNELS)
        if misconduct and channel == "staff":
            channel = "public"
        trainee_id = complainant_user_id = filed_by = ip_hash = None
        name = contact = None
        if channel == "staff":
            trainee_id, user_id, name = rng.choice(self.trainees)
            complainant_user_id = user_id
            filed_by = rng.choice(self.staff)
        elif channel == "portal":
            trainee_id, complainant_user_id, name = self.trainee_login
        else:
            ip_hash = f"{rng.getrandbits(256):064x}"
            name = rng.choice((None, None, "Warga RW 05", "Ibu Sari", "Pak Dedi"))
            contact = rng.choice((None, None, "0812 3456 7890", f"warga{cid}@example.org"))
        answer_days = (self.policy.answer_days_urgent if kind in ("urgent", "misconduct")
                       else self.policy.answer_days)

        # a stuck complaint is old enough for its deadline to have passed; the others are
        # spread over the year
        age = rng.randrange(35, 365) if stuck else rng.randrange(0, 365)
        received_on = self.today - timedelta(days=age)
        received_at = _at(received_on, rng.randint(7, 20), rng.randrange(60))
        if received_at > now:
            received_on = self.today - timedelta(days=1)
            received_at = _at(received_on, rng.randint(7, 20), rng.randrange(60))
        verify_due_on = self.wd(received_on, self.policy.verify_days)
        row = dict(
            id=cid, tracking_code=code, kind=kind, category=category, channel=channel, status="received",
            subject=subject, description=description, complainant_user_id=complainant_user_id,
            trainee_id=trainee_id, complainant_name=name, complainant_contact=contact,
            confidential=rng.random() < 0.1, filed_by_id=filed_by, ip_hash=ip_hash,
            accused_description="Petugas pencairan" if misconduct else None,
            accused_user_id=rng.choice(self.staff) if misconduct and rng.random() < 0.5 else None,
            assignee_id=None, received_at=received_at, received_on=received_on, verify_due_on=verify_due_on,
            verified_at=None, verified_on=None, answer_days=None, answer_due_on=None, assigned_at=None,
            answered_at=None, answered_on=None, last_answered_at=None, closed_at=None, close_reason=None,
            resolution_reason=None, reopen_count=0, verify_escalated_at=None, answer_escalated_at=None,
            created_at=received_at, updated_at=received_at,
        )
        # the plan: timed steps, applied while they are in the past
        late = not stuck and rng.random() < 0.10
        plan = self.plan(row, answer_days=answer_days, stuck=stuck, late=late)
        if late and plan[-1][0] > now:  # a late case still running would be overdue now: keep it on time
            plan = self.plan(row, answer_days=answer_days, stuck=stuck, late=False)
        events_before = len(self.events)
        self.event(cid, "received", received_at, filed_by if channel == "staff" else complainant_user_id,
                   public=True, to="received", channel=channel)
        for admin in self.admins:
            self.notify(admin, "complaint.received", cid, subject, received_at, misconduct)
        for at, step in plan:
            if at > now:
                break
            step(at)
        row["updated_at"] = max(e["at"] for e in self.events[events_before:])
        if stuck:
            assert row["status"] in ("received", "verified", "assigned", "in_progress")
        return row

    def plan(self, row: dict, *, answer_days: int, stuck: bool, late: bool) -> list:
        """[(at, apply(at))] in time order."""
        rng, cid = self.rng, row["id"]
        misconduct = row["kind"] == "misconduct"
        admin = rng.choice(self.admins)
        steps = []
        if stuck and rng.random() < 0.35:
            return steps  # never verified
        verify_after = rng.choice((4, 5, 6, 8)) if late and rng.random() < 0.5 else rng.choice((0, 1, 1, 1, 2, 2, 3))
        verified_on = self.wd(row["received_on"], verify_after)
        verified_at = self.moment(verified_on, row["received_at"])
        declined = not stuck and rng.random() < 0.08
        if declined:
            status = "not_authority" if rng.random() < 0.6 else "archived"

            def decline(at, status=status):
                row.update(status=status, closed_at=at, resolution_reason=DECLINE_REASON, updated_at=at)
                self.event(cid, status, at, admin, public=True, body=DECLINE_REASON,
                           **{"from": "received", "to": status})

            return [(verified_at, decline)]
        answer_due_on = self.wd(verified_on, answer_days)

        def verify(at):
            if verified_on > row["verify_due_on"]:  # the job had marked it the day after the deadline
                marked = _job_run_after(row["verify_due_on"], self.holidays)
                row["verify_escalated_at"] = marked
                self.event(cid, "escalated", marked, None, public=False, stage="verify",
                           due_on=row["verify_due_on"].isoformat())
                for a in self.admins:
                    self.notify(a, "complaint.overdue_verify", cid, row["subject"], marked, misconduct)
            row.update(status="verified", verified_at=at, verified_on=verified_on, answer_days=answer_days,
                       answer_due_on=answer_due_on)
            self.event(cid, "verified", at, admin, public=True, answer_due_on=answer_due_on.isoformat(),
                       **{"from": "received", "to": "verified"})

        steps.append((verified_at, verify))
        if stuck and rng.random() < 0.3:
            return steps  # verified, never assigned
        assignee = rng.choice(self.admins) if misconduct else rng.choice(self.staff)
        assigned_at = verified_at + timedelta(minutes=rng.randint(10, 60)) if rng.random() < 0.85 \
            else self.moment(self.wd(verified_on, 1), verified_at)

        def assign(at):
            row.update(status="assigned", assignee_id=assignee, assigned_at=at)
            self.event(cid, "assigned", at, admin, public=True, assignee_id=assignee, previous_assignee_id=None,
                       **{"from": "verified", "to": "assigned"})
            self.notify(assignee, "complaint.assigned", cid, row["subject"], at, misconduct)

        steps.append((assigned_at, assign))
        if stuck and rng.random() < 0.3:
            return steps
        started_at = self.moment(self.wd(assigned_at.astimezone(JAKARTA).date(), rng.choice((0, 1, 1, 2))), assigned_at)

        def start(at):
            row.update(status="in_progress")
            self.event(cid, "started", at, assignee, public=True, **{"from": "assigned", "to": "in_progress"})

        steps.append((started_at, start))
        if rng.random() < 0.4:
            noted_at = started_at + timedelta(hours=rng.randint(1, 5))
            steps.append((noted_at, lambda at: self.event(cid, "note", at, assignee, public=False, body=NOTE)))
        if stuck:
            return steps
        started_on = started_at.astimezone(JAKARTA).date()
        if late and rng.random() < 0.6:
            answered_on = self.wd(verified_on, answer_days + rng.randint(1, 10))
        else:
            after = min(answer_days, rng.choice((1, 2, 2, 3, 4, 5, 7, 9, 12)))
            answered_on = max(started_on, self.wd(verified_on, after))
        answered_at = self.moment(answered_on, started_at, 9, 17)
        answer_text = rng.choice(self.answers)

        def answer(at):
            if answered_on > answer_due_on:
                marked = _job_run_after(answer_due_on, self.holidays)
                row["answer_escalated_at"] = marked
                self.event(cid, "escalated", marked, None, public=False, stage="answer",
                           due_on=answer_due_on.isoformat())
                for u in {assignee, *self.admins}:
                    self.notify(u, "complaint.overdue_answer", cid, row["subject"], marked, misconduct)
            row.update(status="answered", answered_at=at, answered_on=answered_on, last_answered_at=at)
            self.event(cid, "answered", at, assignee, public=True, body=answer_text, first=True,
                       **{"from": "in_progress", "to": "answered"})

        steps.append((answered_at, answer))
        can_confirm = row["complainant_user_id"] is not None or row["channel"] == "public"
        if can_confirm and rng.random() < 0.65:
            closed_at = _at(answered_on + timedelta(days=rng.randint(0, 5)), rng.randint(17, 21))
            closed_at = max(closed_at, answered_at + timedelta(minutes=30))
            reason, actor = "confirmed", row["complainant_user_id"]
        else:  # nobody replied: the daily job closes it once the waiting period has passed
            closed_at = _at(answered_on + timedelta(days=self.policy.auto_close_days + 1), 6, 5)
            reason, actor = "no_reply", None

        def close(at):
            row.update(status="closed", closed_at=at, close_reason=reason)
            self.event(cid, "closed", at, actor, public=True, reason=reason, **{"from": "answered", "to": "closed"})
            if row["assignee_id"] is not None:
                self.notify(row["assignee_id"], "complaint.closed", cid, row["subject"], at, misconduct)

        steps.append((closed_at, close))
        return steps


def _chunks(rows, size=CHUNK):
    for start in range(0, len(rows), size):
        yield rows[start:start + size]


def _insert(table, rows) -> None:
    from extensions import db

    for chunk in _chunks(rows):
        db.session.execute(insert(table), chunk)


def build(app, n: int, args) -> dict:
    """Fresh schema (migrations), users, trainees, holidays, then ``n`` complaints."""
    from flask_migrate import upgrade

    from accounts import services as account_services
    from accounts.models import Notification, Role, User
    from complaints.demo import FIXED_HOLIDAYS
    from complaints.models import Complaint, ComplaintEvent, Holiday
    from complaints.services import sla_policy
    from extensions import db, local_today, utcnow
    from trainees import demo
    from trainees.models import Trainee

    rng = random.Random(f"{SEED}-{n}")
    today = local_today()
    counts: dict = {}
    with app.app_context():
        started = time.perf_counter()
        upgrade(directory=str(Path(app.root_path) / "migrations"))
        counts["migrate_s"] = time.perf_counter() - started
        started = time.perf_counter()
        with force_locale("en"):
            result = demo.seed_demo(trainees=args.trainees, password=app.config["DEMO_PASSWORD"], today=today)
        users = result.users
        password = app.config["DEMO_PASSWORD"]
        admins = [users["admin"], account_services.create_user(
            username="admin2", full_name="Koordinator Pengaduan Dua", role=Role.ADMIN, password=password, actor=None)]
        staff = [users["officer"], users["officer2"], users["mentor"], users["mentor2"]]
        for i in range(len(staff), args.staff):
            role = Role.OFFICER if i % 2 == 0 else Role.MENTOR
            staff.append(account_services.create_user(
                username=f"benchstaff{i}", full_name=f"Petugas Bench {i:02d}", role=role, password=password,
                actor=None))
        db.session.flush()
        for user in [*admins, *staff]:  # staff read their notifications by e-mail too (the outbox)
            db.session.execute(update(User).where(User.id == user.id).values(email=f"{user.username}@example.org"))
        for year in (today.year - 1, today.year, today.year + 1):
            _insert(Holiday.__table__, [dict(day=date(year, m, d), name=name, created_by_id=admins[0].id,
                                             created_at=utcnow()) for (m, d), name in FIXED_HOLIDAYS])
        db.session.commit()
        counts["users_s"] = time.perf_counter() - started

        started = time.perf_counter()
        from complaints.services import holidays as current_holidays

        trainees = [tuple(r) for r in db.session.execute(
            select(Trainee.id, Trainee.user_id, Trainee.full_name).order_by(Trainee.id))]
        login = next(t for t in trainees if t[1] == users["trainee"].id)
        officer = users["officer"].id
        builder = Builder(rng, now=utcnow(), holidays=current_holidays(), policy=sla_policy(),
                          admins=[a.id for a in admins], staff=[s.id for s in staff], trainees=trainees,
                          trainee_login=login)
        stuck = set(rng.sample(range(1, n + 1), round(n * args.overdue)))
        codes = _tracking_codes(rng, n)
        rows = [builder.complaint(cid, codes[cid - 1], stuck=cid in stuck) for cid in range(1, n + 1)]
        _insert(Complaint.__table__, rows)
        builder.events.sort(key=lambda e: (e["at"], e["complaint_id"]))  # ids in time order, as written live
        _insert(ComplaintEvent.__table__, builder.events)
        _insert(Notification.__table__, builder.notifications)
        if db.engine.dialect.name == "postgresql":
            db.session.execute(text(
                "SELECT setval(pg_get_serial_sequence('complaint', 'id'), (SELECT max(id) FROM complaint))"))
        db.session.commit()
        counts["complaints_s"] = time.perf_counter() - started
        db.session.close()
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            verb = "VACUUM ANALYZE" if db.engine.dialect.name == "postgresql" else "ANALYZE"
            for table in ("complaint", "complaint_event", "notification", "user", "holiday", "trainee"):
                conn.execute(text(f'{verb} "{table}"'))

        from complaints.stats import overdue_clause

        counts["events"] = len(builder.events)
        counts["notifications"] = len(builder.notifications)
        counts["by_status"] = dict(db.session.execute(
            select(Complaint.status, text("count(*)")).group_by(Complaint.status)).all())
        counts["overdue"] = db.session.scalar(select(text("count(*)")).select_from(Complaint).where(
            overdue_clause(today)))
        counts["officer_sees"] = db.session.scalar(select(text("count(*)")).select_from(Complaint).where(
            Complaint.kind != "misconduct", (Complaint.assignee_id == officer) | (Complaint.filed_by_id == officer)))
        counts["now"] = builder.now
        db.session.remove()
    return counts


# --- Measuring ----------------------------------------------------------------------------------


def _timed(engine, fn, repeat: int, *, after=None) -> tuple[float, int, object]:
    """(median ms over ``repeat`` calls after a warm-up, statements of one call, its result).
    ``after`` runs after each call, outside the timing (e.g. a rollback)."""
    statements = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    fn()
    if after:
        after()
    event.listen(engine, "before_cursor_execute", count)
    try:
        result = fn()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    if after:
        after()
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        timings.append(time.perf_counter() - started)
        if after:
            after()
    return statistics.median(timings) * 1000, len(statements), result


def measure(app, counts: dict, repeat: int) -> dict:
    """label -> (median ms, statements, extra)."""
    from accounts.models import User
    from complaints import services, stats
    from complaints.models import Complaint
    from extensions import db, local_today

    with app.app_context():
        engine = db.engine
    results = {}
    clients = {}
    for role in ("admin", "officer"):
        client = app.test_client()
        response = client.post("/login", data={"username": role, "password": app.config["DEMO_PASSWORD"]})
        assert response.status_code == 302, f"login as {role} failed"
        clients[role] = client

    def get(role, url):
        def run():
            response = clients[role].get(url)
            assert response.status_code == 200, (role, url, response.status_code)
            return len(response.data)
        return run

    results["(1) admin dashboard /complaints/dashboard"] = _timed(engine, get("admin", "/complaints/dashboard"), repeat)
    results["(2) admin list /complaints/ page 1"] = _timed(engine, get("admin", "/complaints/"), repeat)
    results["(3) officer list /complaints/ page 1"] = _timed(engine, get("officer", "/complaints/"), repeat)

    today = local_today()
    with app.app_context(), force_locale("en"):
        admin = db.session.scalar(select(User).where(User.username == "admin"))
        holidays = services.holidays()

        def load_all():
            # what stats.dashboard reads: the figure columns of every visible complaint
            db.session.expire_all()
            query = stats.in_period(services.visible_complaints(admin), None, None)
            return db.session.execute(query.with_only_columns(*stats.FIGURE_COLUMNS).order_by(Complaint.id)).all()

        loaded = load_all()

        def dashboard():
            db.session.expire_all()
            return stats.dashboard(admin, start=None, end=None, today=today)

        results["    dashboard direct: stats.dashboard()"] = _timed(engine, dashboard, repeat)
        results["    - load the figure columns"] = _timed(engine, load_all, repeat)
        results["    - stats.figures() (Python)"] = _timed(
            engine, lambda: stats.figures(loaded, today=today, holidays=holidays), repeat)

        def overdue():
            db.session.expire_all()
            return stats.overdue(admin, today=today, holidays=holidays, limit=stats.OVERDUE_SHOWN)

        results["    - stats.overdue()"] = _timed(engine, overdue, repeat)
        db.session.remove()

    with app.app_context(), force_locale("en"):
        now = counts["now"]

        def escalate():
            return services.escalate(now=now)

        def rollback():
            db.session.rollback()
            db.session.expire_all()

        ms, statements, result = _timed(engine, escalate, repeat, after=rollback)
        results["(4) services.escalate()"] = (ms, statements, result)
        db.session.remove()
    return results


def main(argv=None) -> None:
    args = parse_args(argv)
    logging.disable(logging.INFO)  # the migrations' progress lines
    backend = "PostgreSQL" if args.database_url else "SQLite"
    print(f"Backend: {backend}; complaints {args.sizes}; {args.trainees:,} trainees, {args.staff} officers/mentors, "
          f"2 admins; {args.overdue:.0%} overdue; median of {args.repeat} runs each.")
    private = None
    if args.database_url:
        private = PrivateDatabase(args.database_url)
        with private.admin.connect() as conn:
            print(f"PostgreSQL {conn.execute(text('SHOW server_version')).scalar()}, "
                  f"random_page_cost = {conn.execute(text('SHOW random_page_cost')).scalar()}; "
                  f"private database {private.name}")
    by_size = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.sizes:
            uri = private.fresh() if private else f"sqlite:///{Path(tmp) / f'bench_complaints_{n}.db'}"
            app = make_app(uri)
            counts = build(app, n, args)
            states = ", ".join(f"{k} {v:,}" for k, v in sorted(counts["by_status"].items(), key=lambda kv: -kv[1]))
            print(f"  {n:>7,} complaints: migrations {counts['migrate_s']:4.1f} s, "
                  f"users+trainees {counts['users_s']:4.1f} s, "
                  f"complaints {counts['complaints_s']:4.1f} s ({counts['events']:,} events, "
                  f"{counts['notifications']:,} notifications); overdue now {counts['overdue']:,}; "
                  f"the officer sees {counts['officer_sees']:,}", flush=True)
            print(f"           {states}", flush=True)
            by_size[n] = measure(app, counts, args.repeat)
            esc = by_size[n]["(4) services.escalate()"][2]
            print(f"           escalate: {esc.verify_overdue} verify + {esc.answer_overdue} answer overdue escalated, "
                  f"{esc.auto_closed} auto-closed, {esc.notified} notifications", flush=True)
            from extensions import db

            with app.app_context():
                db.engine.dispose()
    small, large = args.sizes[0], args.sizes[-1]
    head = (f"{'measure':<43} {f'{small:,} ms':>10} {f'{large:,} ms':>11} {'ratio':>6} {'queries':>11} {'page KB':>11}")
    print()
    print(head)
    print("-" * len(head))
    for key in by_size[small]:
        (ms_small, q_small, r_small), (ms_large, q_large, r_large) = by_size[small][key], by_size[large][key]
        queries = str(q_small) if q_small == q_large else f"{q_small}/{q_large}"
        size = f"{r_small / 1024:.0f}/{r_large / 1024:.0f}" if isinstance(r_small, int) else ""
        print(f"{key:<43} {ms_small:>10.1f} {ms_large:>11.1f} {ms_large / ms_small:>6.1f} {queries:>11} {size:>11}")
    for n in (small, large):
        esc = by_size[n]["(4) services.escalate()"][2]
        print(f"escalate at {n:,}: {esc.verify_overdue + esc.answer_overdue} escalated "
              f"({esc.verify_overdue} verify, {esc.answer_overdue} answer), {esc.auto_closed} auto-closed, "
              f"{esc.notified} notifications")


if __name__ == "__main__":
    main()

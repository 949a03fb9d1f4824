"""The programme dashboard at 100k trainees / 100k loans / 1M instalments, against a
hand-written SQL aggregate.

Creates a private PostgreSQL database (default ``bench_dashboard`` on the server of
``--server-url``; dropped at the end unless ``--keep``), builds the schema with the app's
migrations (``flask db upgrade``) and **bulk-seeds** it with ``INSERT ... SELECT
generate_series`` (no services, no audit events: seeding through the services would time
the seeding): the demo users plus 40 mentors and 10 officers, ``--trainees`` trainees over
the 30 kecamatan and their kelurahan (uneven: the lower codes get more; 72 % women; 22 %
extreme poor, 33 % poor, 27 % near-poor, 18 % vulnerable; 18-65 years old; joined over
four years, more recently more; a quarter of the early ones graduated), a business each
(90 %, seven sectors), two bench loan products (10 monthly / 10 fortnightly instalments,
flat interest), ``--loans`` loans (70 % of trainees borrow; the rest of the loans are
second loans) disbursed after the trainee joined, each with ``--installments`` instalments
(10: 1M rows) and a repayment behaviour - 70 % pay every instalment due (a few days
early or late), 12 % are one instalment behind (the one before paid 10-25 days late),
15 % stopped paying at a random instalment (40 % of them with a half-paid one) and are
written off a year after their oldest unpaid instalment, 3 % stopped and were written off
after 200 days. Each instalment paid (and each half payment) has its repayment
transaction with its principal and interest parts. Loans with every instalment paid are
closed; the summary columns (``principal_outstanding``, ``total_outstanding``,
``oldest_unpaid_due_on``) are computed from the instalment rows
with the rule of ``loans.services.store_summary``. Then mentoring sessions with their
attendance (80 % individual, 20 % groups of four), assessments (a snapshot in most
quarters of the last two years for 70 % of trainees), training cohorts with enrolments (completed cohorts have completed,
not completed and withdrawn enrolments) and complaints (60 % linked to a trainee, some
late). Then ``VACUUM ANALYZE``.

It times, median of ``--repeat`` rounds after one warm-up, **interleaved** (every step once
per round, so that all of them see the same load on a shared machine):

1. the **baseline**: one hand-written SQL statement computing, per kecamatan, the
   outstanding principal of the active loans and PAR30 **from ``loan_installment``**
   (each loan's oldest unpaid due date worked out from its instalments, not read from
   ``Loan.oldest_unpaid_due_on``);
2. ``reports.dashboard.dashboard(...)`` (no cache: every call recomputes) for each of
   ``--dimensions``;
3. ``reports.dashboard.cached_dashboard(...)`` warm (the second and later calls);
4. ``GET /reports/dashboard`` through the test client logged in as ``admin``, with
   ``DASHBOARD_CACHE_SECONDS`` 300 (warm) and 0 (every request recomputes),

prints each as a ratio to the baseline (target: the cold dashboard <= 2x), the SQL
statements per call, how much of one cold ``dashboard()`` call is SQL and its slowest
statements (``--explain``: with their ``EXPLAIN (ANALYZE, BUFFERS)``), and checks that the
dashboard's outstanding principal and PAR30 amount equal the baseline's, in total and per
kecamatan; loans and amount disbursed in the period a second hand-written query's; and
the previous period's outstanding and PAR30 a third one's (worked out forwards from the
repayment transactions, where the dashboard works backwards from the stored summary).

    .venv/bin/python bench/dashboard.py                       # ~8 min; drops bench_dashboard at the end
    .venv/bin/python bench/dashboard.py --keep                # keep it ...
    .venv/bin/python bench/dashboard.py --reuse --explain     # ... and time it again without seeding

Options: ``--trainees 100000``, ``--loans 100000``, ``--installments 10``, ``--sessions
200000``, ``--complaints 5000``, ``--cohorts 300``, ``--repeat 7``, ``--database
bench_dashboard`` (must contain "bench"), ``--server-url
postgresql+psycopg://postgres@127.0.0.1:5432`` (or ``BENCH_SERVER_URL``), ``--keep``,
``--reuse``, ``--explain``, ``--dimensions kecamatan,gender,...``, ``--no-page``,
``--pg-set NAME=VALUE`` (SET on every connection the timings use, the baseline's too:
e.g. ``jit=off``), ``--as-of 2026-11-28`` (the period is the three full months before it
and its month up to it; ``--start``/``--end`` override).
"""
from __future__ import annotations

import argparse
import math
import os
import statistics
import sys
import time
from datetime import date, datetime, time as dtime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from flask_babel import force_locale  # noqa: E402
from sqlalchemy import create_engine, event, text  # noqa: E402

SEN = Decimal("0.01")


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--trainees", type=int, default=100_000)
    p.add_argument("--loans", type=int, default=100_000)
    p.add_argument("--installments", type=int, default=10, help="instalments per loan")
    p.add_argument("--sessions", type=int, default=200_000)
    p.add_argument("--complaints", type=int, default=5_000)
    p.add_argument("--cohorts", type=int, default=300)
    p.add_argument("--repeat", type=int, default=int(os.environ.get("BENCH_REPEAT", "7")))
    p.add_argument("--database", default="bench_dashboard")
    p.add_argument("--server-url", default=os.environ.get("BENCH_SERVER_URL",
                                                          "postgresql+psycopg://postgres@127.0.0.1:5432"))
    p.add_argument("--keep", action="store_true", help="keep the database at the end")
    p.add_argument("--reuse", action="store_true", help="use the database kept by --keep; no seeding")
    p.add_argument("--explain", action="store_true", help="EXPLAIN ANALYZE the slowest dashboard statements")
    p.add_argument("--dimensions", default="kecamatan,gender,age_band,poverty,sector",
                   help="dimensions whose cold dashboard() is timed (comma-separated; kecamatan always)")
    p.add_argument("--no-page", action="store_true", help="do not time GET /reports/dashboard")
    p.add_argument("--pg-set", action="append", default=[], metavar="NAME=VALUE",
                   help="SET this on every connection the timings use (e.g. jit=off, work_mem=64MB); repeatable")
    p.add_argument("--as-of", type=date.fromisoformat, default=date(2026, 11, 28))
    p.add_argument("--start", type=date.fromisoformat)
    p.add_argument("--end", type=date.fromisoformat)
    args = p.parse_args()
    if "bench" not in args.database:
        p.error("--database must contain 'bench' (it is dropped and re-created)")
    if args.end is None:
        args.end = args.as_of
    if args.start is None:
        m = args.as_of.year * 12 + args.as_of.month - 1 - 3
        args.start = date(m // 12, m % 12 + 1, 1)
    return args


# --- the database ------------------------------------------------------------------------

def create_database(server_url: str, name: str) -> None:
    engine = create_engine(f"{server_url}/postgres", isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    engine.dispose()


def drop_database(server_url: str, name: str) -> None:
    engine = create_engine(f"{server_url}/postgres", isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    engine.dispose()


def make_app(uri: str, cache_seconds: int = 0, pg_set: list[str] = ()):
    from app import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": uri, "WTF_CSRF_ENABLED": False, "SQLALCHEMY_ENGINE_OPTIONS": {},
                      "DASHBOARD_CACHE_SECONDS": cache_seconds})
    if pg_set:
        from extensions import db

        settings = [item.split("=", 1) for item in pg_set]

        def on_connect(dbapi_connection, _record):
            with dbapi_connection.cursor() as cursor:
                for name, value in settings:
                    cursor.execute(f"SET {name} = '{value}'")
            dbapi_connection.commit()

        with app.app_context():
            event.listen(db.engine, "connect", on_connect)
    return app


def migrate(app) -> None:
    from flask_migrate import upgrade

    with app.app_context():
        upgrade(directory=str(Path(app.root_path) / "migrations"))


def base_rows(app) -> dict:
    """The demo users (password DEMO_PASSWORD), two bench products, a funding source."""
    from extensions import db
    from loans import services
    from loans.models import Amortization, FeeTiming, FeeType, Frequency, Method
    from trainees import demo

    with app.app_context(), force_locale("en"):
        users = demo.create_demo_users(password=app.config["DEMO_PASSWORD"])
        admin = users["admin"]
        common = dict(description="Bench", min_term=10, max_term=10, method=Method.FLAT.value,
                      amortization=Amortization.EQUAL_INSTALLMENTS.value, max_grace_periods=0,
                      rounding_multiple=Decimal(100), fee_type=FeeType.NONE.value, fee_value=Decimal(0),
                      fee_timing=FeeTiming.DEDUCTED.value)
        monthly = services.create_product(services.ProductData(
            name="Bench monthly", min_amount=Decimal(5_000_000), max_amount=Decimal(25_000_000),
            frequency=Frequency.MONTHLY.value, annual_rate=Decimal(15), **common), actor=admin)
        fortnightly = services.create_product(services.ProductData(
            name="Bench fortnightly", min_amount=Decimal(2_000_000), max_amount=Decimal(10_000_000),
            frequency=Frequency.BIWEEKLY.value, annual_rate=Decimal("15.6"), **common), actor=admin)
        source = services.create_funding_source(name="Bench", kind="city_budget", partner_name=None,
                                                committed=Decimal(10) ** 13, actor=admin)
        db.session.commit()
        return {"admin": admin.id, "mentor": users["mentor"].id, "officer": users["officer"].id,
                "monthly": monthly.id, "fortnightly": fortnightly.id, "source": source.id}


def _coprime(n: int, start: int = 48271) -> int:
    k = start
    while math.gcd(k, n) != 1:
        k += 1
    return k


SEED_SQL = [
    # --- staff: 40 more mentors, 10 more officers (same password hash as "mentor")
    ("staff", """
    INSERT INTO "user" (username, full_name, password_hash, role, is_enabled, created_at)
    SELECT CASE WHEN g <= 40 THEN 'bmentor' ELSE 'bofficer' END || g, 'Bench staff ' || g,
           (SELECT password_hash FROM "user" WHERE id = :mentor),
           CASE WHEN g <= 40 THEN 'mentor' ELSE 'officer' END, true, now()
    FROM generate_series(1, 50) g"""),
    # --- trainees
    ("trainees", """
    WITH k AS (SELECT array_agg(code ORDER BY code) AS codes, array_agg(kecamatan_code ORDER BY code) AS kecs,
                      count(*)::int AS n FROM kelurahan),
         m AS (SELECT array_agg(id ORDER BY id) FILTER (WHERE role = 'mentor') AS mentors,
                      array_agg(id ORDER BY id) FILTER (WHERE role = 'officer') AS officers FROM "user"),
         base AS (SELECT g, random() AS r_kel, random() AS r_sex, random() AS r_pov, random() AS r_dec,
                         (random() + random() + random()) / 3 AS r_age, random() AS r_join, random() AS r_grad,
                         random() AS r_grad2, random() AS r_hh, random() AS r_phone
                  FROM generate_series(1, :n) g),
         t AS (SELECT base.*, 1 + floor(k.n * power(r_kel, 1.35))::int AS kel,
                      :today - floor(1460 * power(r_join, 0.8))::int AS joined_on
               FROM base, k)
    INSERT INTO trainee (id, nik, full_name, gender, born_on, phone, address, rt, rw, kelurahan_code, kecamatan_code,
                         household_size, poverty_status, welfare_decile, joined_on, consent_on, consent_recorded_by_id,
                         mentor_id, officer_id, graduated_on, graduated_by_id, created_at, updated_at)
    SELECT g, '3273' || lpad(g::text, 12, '0'), 'Peserta Bench ' || g,
           CASE WHEN r_sex < 0.72 THEN 'F' ELSE 'M' END,
           :today - floor(365.25 * (18 + 47 * r_age))::int,
           CASE WHEN r_phone < 0.85 THEN '+62812' || lpad(g::text, 8, '0') END,
           'Jl. Bench No. ' || (g % 300 + 1), lpad((g % 12 + 1)::text, 3, '0'), lpad((g % 9 + 1)::text, 3, '0'),
           k.codes[kel], k.kecs[kel],
           1 + floor(7 * r_hh)::int,
           CASE WHEN r_pov < 0.22 THEN 'extreme_poor' WHEN r_pov < 0.55 THEN 'poor'
                WHEN r_pov < 0.82 THEN 'near_poor' ELSE 'vulnerable' END,
           CASE WHEN r_pov < 0.22 THEN 1 WHEN r_pov < 0.55 THEN 2 + floor(2 * r_dec)::int
                WHEN r_pov < 0.82 THEN 4 + floor(2 * r_dec)::int ELSE 6 + floor(3 * r_dec)::int END,
           joined_on, joined_on, :admin,
           m.mentors[1 + g % cardinality(m.mentors)], m.officers[1 + g % cardinality(m.officers)],
           CASE WHEN joined_on < :today - 540 AND r_grad < 0.25
                THEN joined_on + 365 + floor(r_grad2 * (:today - joined_on - 366))::int END,
           CASE WHEN joined_on < :today - 540 AND r_grad < 0.25 THEN :admin END,
           now(), now()
    FROM t, k, m"""),
    ("businesses", """
    WITH b AS (SELECT id, joined_on, random() AS r, random() AS r_sector, random() AS r_home FROM trainee)
    INSERT INTO business (trainee_id, name, sector, started_on, at_home, address)
    SELECT id, 'Usaha Bench ' || id,
           CASE WHEN r_sector < 0.35 THEN 'food' WHEN r_sector < 0.60 THEN 'retail' WHEN r_sector < 0.70 THEN 'fashion'
                WHEN r_sector < 0.78 THEN 'crafts' WHEN r_sector < 0.90 THEN 'services'
                WHEN r_sector < 0.95 THEN 'agriculture' ELSE 'other' END,
           joined_on - floor(r * 2000)::int, r_home < 0.8, CASE WHEN r_home >= 0.8 THEN 'Pasar Bench' END
    FROM b WHERE r < 0.9"""),
    # --- the loans' plan: trainee, product, principal, disbursement, behaviour
    ("loan plan", """
    CREATE TEMP TABLE bench_plan AS
    WITH base AS (SELECT g AS id, random() AS r_prod, random() AS r_amt, random() AS r_date, random() AS r_beh,
                         random() AS r_stop, random() AS r_part FROM generate_series(1, :loans) g)
    SELECT base.*,
           CASE WHEN id <= :borrowers THEN 1 + ((id - 1)::bigint * :mult) % :n
                ELSE 1 + ((id - :borrowers - 1) % :borrowers)::bigint * :mult % :n END AS trainee_id,
           id > :borrowers AS second_loan,
           CASE WHEN r_prod < 0.6 THEN 'monthly' ELSE 'biweekly' END AS frequency,
           CASE WHEN r_prod < 0.6 THEN (5 + floor(21 * r_amt))::bigint ELSE (2 + floor(9 * r_amt))::bigint END
               * 100000000 AS principal_sen,
           NULL::date AS disbursed_on, 0 AS due_count, 0 AS paid_n, false AS partial, 'active'::text AS status
    FROM base"""),
    ("loan plan dates", """
    UPDATE bench_plan p SET disbursed_on = least(:today - 1,
        t.joined_on + 14 + floor(p.r_date * 180)::int + CASE WHEN p.second_loan THEN 330 ELSE 0 END)
    FROM trainee t WHERE t.id = p.trainee_id"""),
    ("schedule", """
    CREATE TEMP TABLE bench_sched AS
    SELECT p.id AS loan_id, n,
           CASE WHEN p.frequency = 'monthly' THEN (p.disbursed_on + make_interval(months => n))::date
                ELSE p.disbursed_on + 14 * n END AS due_on,
           p.principal_sen / :periods AS principal_due,
           round(p.principal_sen * CASE WHEN p.frequency = 'monthly' THEN 0.0125 ELSE 0.006 END / 100)::bigint
               * 100 AS interest_due,
           floor(random() * 8)::int - 3 AS delay
    FROM bench_plan p, generate_series(1, :periods) n"""),
    ("behaviour", """
    UPDATE bench_plan p SET due_count = s.due_count,
        paid_n = CASE WHEN p.r_beh < 0.70 THEN s.due_count
                      WHEN p.r_beh < 0.82 THEN greatest(s.due_count - 1, 0)
                      ELSE floor(p.r_stop * s.due_count)::int END,
        partial = p.r_beh >= 0.82 AND p.r_part < 0.4
    FROM (SELECT loan_id, count(*) FILTER (WHERE due_on < :today)::int AS due_count FROM bench_sched GROUP BY loan_id) s
    WHERE s.loan_id = p.id"""),
    ("statuses", """
    UPDATE bench_plan p SET status = CASE
        WHEN p.paid_n = :periods THEN 'closed'
        WHEN p.r_beh >= 0.82 AND s.due_on < :today - 365 THEN 'written_off'
        WHEN p.r_beh >= 0.97 AND s.due_on < :today - 200 THEN 'written_off'
        ELSE 'active' END
    FROM bench_sched s WHERE s.loan_id = p.id AND s.n = least(p.paid_n + 1, :periods)"""),
    ("applications", """
    INSERT INTO loan_application (id, trainee_id, product_id, amount, term, grace_periods, purpose, business_plan,
        monthly_revenue, monthly_costs, household_expenses, other_installments, is_flagged, status, submitted_by_id,
        submitted_on, submitted_at, decided_by_id, decided_on, annual_rate, frequency, method, amortization,
        rounding_multiple, fee_type, fee_value, fee_timing)
    SELECT p.id, p.trainee_id, CASE WHEN p.frequency = 'monthly' THEN :monthly ELSE :fortnightly END,
           p.principal_sen, :periods, 0, 'Modal usaha', 'Bench', 2000000000, 1200000000, 300000000, 0, false,
           'disbursed', :officer, p.disbursed_on - 10, now(), :admin, p.disbursed_on - 5,
           CASE WHEN p.frequency = 'monthly' THEN 150000 ELSE 156000 END, p.frequency, 'flat',
           'equal_installments', 10000, 'none', 0, 'deducted'
    FROM bench_plan p"""),
    ("loans", """
    INSERT INTO loan (id, application_id, trainee_id, product_id, funding_source_id, officer_id, principal, periods,
        grace_periods, fee_amount, disbursed_on, disbursement_method, disbursed_by_id, status, closed_on,
        written_off_on, write_off_reason, written_off_by_id, created_at, principal_outstanding, total_outstanding,
        annual_rate, frequency, method, amortization, rounding_multiple, fee_type, fee_value, fee_timing)
    SELECT p.id, p.id, p.trainee_id, a.product_id, :source, t.officer_id, p.principal_sen, :periods, 0, 0,
           p.disbursed_on, 'cash', :officer, p.status, NULL,
           CASE WHEN p.status = 'written_off' THEN least(:today - 1, s.due_on + 180) END,
           CASE WHEN p.status = 'written_off' THEN 'Bench: stopped paying' END,
           CASE WHEN p.status = 'written_off' THEN :admin END,
           now(), 0, 0, a.annual_rate, a.frequency, a.method, a.amortization, a.rounding_multiple, a.fee_type,
           a.fee_value, a.fee_timing
    FROM bench_plan p JOIN loan_application a ON a.id = p.id JOIN trainee t ON t.id = p.trainee_id
    JOIN bench_sched s ON s.loan_id = p.id AND s.n = least(p.paid_n + 1, :periods)"""),
    ("instalments", """
    INSERT INTO loan_installment (loan_id, number, due_on, principal_due, interest_due, fee_due, penalty_due,
        principal_paid, interest_paid, fee_paid, penalty_paid, paid_on)
    SELECT s.loan_id, s.n, s.due_on, s.principal_due, s.interest_due, 0, 0,
           CASE WHEN s.n <= p.paid_n THEN s.principal_due
                WHEN s.n = p.paid_n + 1 AND p.partial THEN s.principal_due / 2 ELSE 0 END,
           CASE WHEN s.n <= p.paid_n OR (s.n = p.paid_n + 1 AND p.partial) THEN s.interest_due ELSE 0 END,
           0, 0,
           CASE WHEN s.n <= p.paid_n THEN greatest(p.disbursed_on, least(:today - 1,
                s.due_on + CASE WHEN p.r_beh >= 0.70 AND p.r_beh < 0.82 AND s.n = p.paid_n
                                THEN 10 + floor(p.r_part * 15)::int ELSE s.delay END)) END
    FROM bench_sched s JOIN bench_plan p ON p.id = s.loan_id
    ORDER BY s.loan_id, s.n"""),
    # one repayment per instalment paid (the half-paid one's: a few days after its due date)
    ("transactions", """
    INSERT INTO loan_transaction (loan_id, kind, paid_on, amount, method, posted_by_id, posted_at, principal_part,
                                  interest_part, fee_part, penalty_part, excess_part)
    SELECT x.loan_id, 'repayment', x.paid_on, x.principal_paid + x.interest_paid,
           (ARRAY['cash', 'bank_transfer', 'qris'])[1 + x.loan_id % 3], :officer,
           (x.paid_on + time '03:00') AT TIME ZONE 'UTC', x.principal_paid, x.interest_paid, 0, 0, 0
    FROM (SELECT i.loan_id, i.number, i.principal_paid, i.interest_paid,
                 coalesce(i.paid_on, greatest(p.disbursed_on, least(:today - 1, s.due_on + s.delay))) AS paid_on
          FROM loan_installment i
          JOIN bench_sched s ON s.loan_id = i.loan_id AND s.n = i.number
          JOIN bench_plan p ON p.id = i.loan_id
          WHERE i.principal_paid + i.interest_paid > 0) x
    ORDER BY x.paid_on, x.loan_id, x.number"""),
    # the summary columns, by the rule of loans.services.store_summary
    ("loan summaries", """
    UPDATE loan l SET principal_outstanding = s.principal, total_outstanding = s.total, oldest_unpaid_due_on = s.oldest,
                      closed_on = CASE WHEN l.status = 'closed' THEN s.last_paid END
    FROM (SELECT loan_id, sum(principal_due - principal_paid) AS principal,
                 sum(principal_due + interest_due + fee_due + penalty_due
                     - principal_paid - interest_paid - fee_paid - penalty_paid) AS total,
                 min(due_on) FILTER (WHERE principal_due + interest_due + fee_due
                                           > principal_paid + interest_paid + fee_paid) AS oldest,
                 max(paid_on) AS last_paid
          FROM loan_installment GROUP BY loan_id) s
    WHERE s.loan_id = l.id"""),
    ("sequences", """
    SELECT setval('trainee_id_seq', (SELECT max(id) FROM trainee)),
           setval('loan_transaction_id_seq', (SELECT max(id) FROM loan_transaction)),
           setval('loan_id_seq', (SELECT max(id) FROM loan)),
           setval('loan_application_id_seq', (SELECT max(id) FROM loan_application))"""),
    # --- mentoring: sessions (a trainee's, between joining and today) and attendance
    ("sessions", """
    CREATE TEMP TABLE bench_sess AS
    WITH base AS (SELECT g AS id, 1 + floor(random() * :n)::int AS trainee_id, random() AS r_day, random() AS r_kind,
                         random() AS r_att FROM generate_series(1, :sessions) g)
    SELECT base.*, t.mentor_id, t.joined_on + floor(r_day * (:today - t.joined_on))::int AS held_on,
           CASE WHEN r_kind < 0.8 THEN 'individual' ELSE 'group' END AS kind
    FROM base JOIN trainee t ON t.id = base.trainee_id"""),
    ("mentoring sessions", """
    INSERT INTO mentoring_session (id, kind, held_on, duration_minutes, mode, mentor_id, created_at, updated_at)
    SELECT id, kind, held_on, 60,
           CASE WHEN kind = 'group' THEN 'group_meeting' WHEN r_att < 0.6 THEN 'field_visit' ELSE 'phone' END,
           mentor_id, now(), now()
    FROM bench_sess"""),
    ("attendance", """
    INSERT INTO session_attendance (session_id, trainee_id, attended, held_on)
    SELECT s.id, 1 + (s.trainee_id - 1 + j * 7) % :n, j = 0 OR random() < 0.85, s.held_on
    FROM bench_sess s, generate_series(0, 3) j
    WHERE j = 0 OR s.kind = 'group'"""),
    ("session sequence", "SELECT setval('mentoring_session_id_seq', (SELECT max(id) FROM mentoring_session))"),
    # --- assessments: a snapshot every quarter (most quarters) for 70 % of trainees, from two
    # months after joining to graduation
    ("assessments", """
    WITH t AS (SELECT id, joined_on, graduated_on, random() AS r, random() AS r_band FROM trainee),
         a AS (SELECT t.id, t.joined_on, t.graduated_on, k,
                      (date_trunc('month', CAST(:today AS timestamp)) - make_interval(months => 3 * k))::date + 27 AS as_of,
                      least(0.999, greatest(0, t.r_band + (random() - 0.5) * 0.3 - k * 0.03)) AS b, random() AS r_skip
               FROM t, generate_series(0, 7) k
               WHERE t.r < 0.7)
    INSERT INTO assessment (trainee_id, as_of, method_version, inputs_digest, score, band, weights_known,
                            ready_to_graduate, results, assessed_by_id, created_at)
    SELECT id, as_of, 'v1', md5(id::text || '-' || k), (300000 + floor(random() * 600000))::bigint,
           CASE WHEN b < 0.2 THEN 'mandiri' WHEN b < 0.6 THEN 'berkembang' WHEN b < 0.9 THEN 'rentan'
                ELSE 'data_kurang' END,
           5, b < 0.2, '{}'::json, NULL, as_of + time '20:00'
    FROM a
    WHERE r_skip < 0.85 AND as_of BETWEEN joined_on + 60 AND :today AND (graduated_on IS NULL OR as_of <= graduated_on)"""),
    # --- training: three programmes, cohorts over two years, 25 enrolments each
    ("programmes", """
    INSERT INTO training_programme (name, description, curriculum, is_active, created_by_id, created_at)
    SELECT 'Bench programme ' || g, 'Bench', 'Bench', true, :admin, now() FROM generate_series(1, 3) g"""),
    ("cohorts", """
    WITH c AS (SELECT g, :today - 730 + floor(random() * 790)::int AS starts_on,
                      (SELECT array_agg(code ORDER BY code) FROM kelurahan) AS kel,
                      (SELECT array_agg(id ORDER BY id) FROM training_programme) AS prog, random() AS r
               FROM generate_series(1, :cohorts) g)
    INSERT INTO cohort (programme_id, name, trainer, kelurahan_code, venue, starts_on, ends_on, capacity,
                        min_attendance_percent, status, completed_at, completed_by_id, created_by_id, created_at,
                        updated_at)
    SELECT prog[1 + g % 3], 'Bench cohort ' || g, 'Trainer ' || (g % 17), kel[1 + g % cardinality(kel)], 'Aula',
           starts_on, starts_on + 42, 30, 75,
           CASE WHEN r < 0.04 THEN 'cancelled' WHEN starts_on + 49 < :today THEN 'completed'
                WHEN starts_on <= :today THEN 'running' ELSE 'planned' END,
           CASE WHEN r >= 0.04 AND starts_on + 49 < :today THEN (starts_on + 45) + time '10:00' END,
           CASE WHEN r >= 0.04 AND starts_on + 49 < :today THEN :admin END,
           :admin, now(), now()
    FROM c"""),
    ("enrolments", """
    INSERT INTO enrolment (cohort_id, trainee_id, status, enrolled_at, enrolled_by_id, attendance_percent,
                           completed_on, certificate_number)
    SELECT c.id, 1 + ((c.id * 25 + j)::bigint * :mult) % :n,
           CASE WHEN c.status IN ('planned', 'running') THEN 'enrolled'
                WHEN c.status = 'cancelled' THEN 'withdrawn'
                WHEN r < 0.75 THEN 'completed' WHEN r < 0.90 THEN 'not_completed' ELSE 'withdrawn' END,
           (c.starts_on - 20) + time '09:00', :officer,
           CASE WHEN c.status = 'completed' THEN CASE WHEN r < 0.75 THEN 80 + floor(r * 26)::int ELSE 50 END END,
           CASE WHEN c.status = 'completed' AND r < 0.75 THEN c.starts_on + 45 END,
           CASE WHEN c.status = 'completed' AND r < 0.75 THEN 'BENCH/' || c.id || '/' || j END
    FROM cohort c, generate_series(1, 25) j, LATERAL (SELECT random() + 0 * j AS r) x"""),
    # --- complaints over the last year (60 % about a trainee); some verified or answered late
    ("complaints", """
    WITH c AS (SELECT g, :today - 1 - floor(random() * 365)::int AS received_on, random() AS r_st,
                      random() AS r_v, random() AS r_a, random() AS r_tr, random() AS r_cat FROM generate_series(1, :complaints) g),
         d AS (SELECT c.*, received_on + 5 AS verify_due_on,
                      CASE WHEN :today - received_on > 2 AND r_st < 0.95 THEN least(:today - 1,
                           received_on + floor(r_v * 7)::int) END AS verified_on
               FROM c),
         e AS (SELECT d.*, verified_on + 20 AS answer_due_on,
                      CASE WHEN verified_on IS NOT NULL AND verified_on + floor(r_a * 28)::int < :today
                           THEN verified_on + floor(r_a * 28)::int END AS answered_on
               FROM d)
    INSERT INTO complaint (tracking_code, kind, category, channel, status, subject, description, trainee_id,
        confidential, filed_by_id, assignee_id, received_at, received_on, verify_due_on, verified_at, verified_on,
        answer_days, answer_due_on, assigned_at, answered_at, answered_on, last_answered_at, closed_at,
        close_reason, reopen_count, created_at, updated_at)
    SELECT 'BN' || lpad(g::text, 10, '0'), 'complaint',
           (ARRAY['loan', 'mentoring', 'training', 'staff_conduct', 'data_privacy', 'other'])[1 + floor(r_cat * 6)::int],
           'staff',
           CASE WHEN verified_on IS NULL THEN 'received' WHEN answered_on IS NULL THEN 'in_progress'
                WHEN answered_on + 14 < :today THEN 'closed' ELSE 'answered' END,
           'Bench complaint ' || g, 'Bench',
           CASE WHEN r_tr < 0.6 THEN 1 + floor(r_tr / 0.6 * :n)::int END,
           false, :officer, CASE WHEN verified_on IS NOT NULL THEN :officer END,
           (received_on + time '03:00') AT TIME ZONE 'UTC', received_on, verify_due_on,
           (verified_on + time '04:00') AT TIME ZONE 'UTC', verified_on,
           CASE WHEN verified_on IS NOT NULL THEN 14 END, CASE WHEN verified_on IS NOT NULL THEN answer_due_on END,
           (verified_on + time '04:30') AT TIME ZONE 'UTC',
           (answered_on + time '05:00') AT TIME ZONE 'UTC', answered_on, (answered_on + time '05:00') AT TIME ZONE 'UTC',
           CASE WHEN answered_on + 14 < :today THEN ((answered_on + 14) + time '01:00') AT TIME ZONE 'UTC' END,
           CASE WHEN answered_on + 14 < :today THEN 'no_reply' END,
           0, now(), now()
    FROM e"""),
]


def seed(app, ids: dict, args) -> list[tuple[str, float]]:
    from extensions import db

    n = args.trainees
    params = dict(ids, today=args.as_of, n=n, loans=args.loans, periods=args.installments,
                  borrowers=min(n, max(1, round(args.loans * 0.7)), args.loans), mult=_coprime(n),
                  sessions=args.sessions, complaints=args.complaints, cohorts=args.cohorts)
    steps = []
    with app.app_context():
        with db.engine.begin() as conn:
            conn.exec_driver_sql("SET LOCAL work_mem = '256MB'")
            conn.exec_driver_sql("SELECT setseed(0.2026)")
            for label, sql in SEED_SQL:
                started = time.perf_counter()
                wanted = {k: v for k, v in params.items() if f":{k}" in sql}
                conn.execute(text(sql), wanted)
                steps.append((label, time.perf_counter() - started))
                print(f"    {label:<20} {steps[-1][1]:6.1f} s", flush=True)
        started = time.perf_counter()
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("VACUUM ANALYZE")
        steps.append(("VACUUM ANALYZE", time.perf_counter() - started))
        print(f"    {'VACUUM ANALYZE':<20} {steps[-1][1]:6.1f} s", flush=True)
    return steps


def describe(app, args) -> str:
    from extensions import db

    with app.app_context():
        row = db.session.execute(text("""
            SELECT (SELECT count(*) FROM trainee), (SELECT count(*) FROM loan),
                   (SELECT count(*) FROM loan WHERE status = 'active'), (SELECT count(*) FROM loan WHERE status = 'closed'),
                   (SELECT count(*) FROM loan WHERE status = 'written_off'), (SELECT count(*) FROM loan_installment),
                   (SELECT count(*) FROM loan_installment WHERE paid_on IS NULL AND principal_paid > 0),
                   (SELECT count(*) FROM loan WHERE disbursed_on BETWEEN :s AND :e),
                   (SELECT count(*) FROM mentoring_session), (SELECT count(*) FROM session_attendance),
                   (SELECT count(*) FROM assessment), (SELECT count(*) FROM enrolment), (SELECT count(*) FROM complaint),
                   pg_size_pretty(pg_database_size(current_database()))"""), {"s": args.start, "e": args.end}).one()
    return (f"{row[0]:,} trainees, {row[1]:,} loans ({row[2]:,} active, {row[3]:,} closed, {row[4]:,} written off; "
            f"{row[7]:,} disbursed in the period), {row[5]:,} instalments ({row[6]:,} partly paid), {row[8]:,} "
            f"sessions / {row[9]:,} attendances, {row[10]:,} assessments, {row[11]:,} enrolments, "
            f"{row[12]:,} complaints; database {row[13]}")


# --- the baseline: PAR30 and outstanding from the instalments ------------------------------

BASELINE_SQL = """
WITH per_loan AS (
    SELECT i.loan_id,
           sum(i.principal_due - i.principal_paid) AS outstanding,
           min(i.due_on) FILTER (WHERE i.principal_paid + i.interest_paid + i.fee_paid
                                       < i.principal_due + i.interest_due + i.fee_due) AS oldest_unpaid
    FROM loan_installment i
    JOIN loan l ON l.id = i.loan_id
    WHERE l.status = 'active'
    GROUP BY i.loan_id)
SELECT t.kecamatan_code, count(*) AS active_loans, sum(p.outstanding) AS outstanding,
       coalesce(sum(p.outstanding) FILTER (WHERE p.oldest_unpaid < :cutoff), 0) AS par30
FROM per_loan p
JOIN loan l ON l.id = p.loan_id
JOIN trainee t ON t.id = l.trainee_id
GROUP BY t.kecamatan_code
"""

# the previous period's portfolio on its last day D, forwards from the disbursement: loans
# active on D, principal minus the principal repaid by D, late = an instalment due before
# D - 30 not fully paid on D
PREVIOUS_SQL = """
WITH active AS (
    SELECT l.id, l.principal FROM loan l
    WHERE l.disbursed_on <= :d
      AND (l.status = 'active' OR (l.status = 'closed' AND l.closed_on > :d)
           OR (l.status = 'written_off' AND l.written_off_on > :d))),
repaid AS (
    SELECT x.loan_id, sum(x.principal_part) AS principal FROM loan_transaction x
    WHERE x.kind = 'repayment' AND x.reversed_at IS NULL AND x.paid_on <= :d GROUP BY x.loan_id),
late AS (
    SELECT DISTINCT i.loan_id FROM loan_installment i
    WHERE i.due_on < :cutoff AND i.principal_due + i.interest_due + i.fee_due > 0
      AND (i.paid_on IS NULL OR i.paid_on > :d))
SELECT sum(a.principal - coalesce(r.principal, 0)),
       coalesce(sum(a.principal - coalesce(r.principal, 0)) FILTER (WHERE late.loan_id IS NOT NULL), 0)
FROM active a LEFT JOIN repaid r ON r.loan_id = a.id LEFT JOIN late ON late.loan_id = a.id
"""

DISBURSED_SQL = """
SELECT t.kecamatan_code, count(*), sum(l.principal)
FROM loan l JOIN trainee t ON t.id = l.trainee_id
WHERE l.disbursed_on BETWEEN :start AND :end
GROUP BY t.kecamatan_code
"""


def _sen(value) -> Decimal:
    return (Decimal(int(value or 0)) * SEN).quantize(SEN)


def baseline(conn, as_of: date) -> dict[str, tuple[int, Decimal, Decimal]]:
    """kecamatan code -> (active loans, outstanding principal, PAR30 amount), rupiah."""
    rows = conn.execute(text(BASELINE_SQL), {"cutoff": as_of - timedelta(days=30)})
    return {k: (int(n), _sen(out), _sen(par)) for k, n, out, par in rows}


def disbursed(conn, start: date, end: date) -> dict[str, tuple[int, Decimal]]:
    return {k: (int(n), _sen(amount)) for k, n, amount in conn.execute(text(DISBURSED_SQL),
                                                                      {"start": start, "end": end})}


# --- timing ---------------------------------------------------------------------------------

class Counter:
    """Counts SQL statements and times each (before/after_cursor_execute)."""

    def __init__(self, engine):
        self.engine, self.statements, self._started = engine, [], None

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self._before)
        event.listen(self.engine, "after_cursor_execute", self._after)
        return self

    def __exit__(self, *exc):
        event.remove(self.engine, "before_cursor_execute", self._before)
        event.remove(self.engine, "after_cursor_execute", self._after)

    def _before(self, conn, cursor, statement, parameters, context, executemany):
        self._started = time.perf_counter()

    def _after(self, conn, cursor, statement, parameters, context, executemany):
        self.statements.append((statement, parameters, time.perf_counter() - self._started))


def interleaved(steps: dict, repeat: int) -> dict[str, list[float]]:
    """Each step once as a warm-up, then ``repeat`` rounds running every step in turn,
    so that all of them see the same load on a shared machine. name -> seconds."""
    for fn in steps.values():
        fn()
    samples = {name: [] for name in steps}
    for _ in range(repeat):
        for name, fn in steps.items():
            started = time.perf_counter()
            fn()
            samples[name].append(time.perf_counter() - started)
    return samples


def first_line(statement: str) -> str:
    flat = " ".join(statement.split())
    return flat[:150] + (" ..." if len(flat) > 150 else "")


def measure(args, uri: str) -> None:
    from extensions import db
    from loans.portfolio import percent

    app = make_app(uri, cache_seconds=0, pg_set=args.pg_set)
    try:
        from reports import dashboard as dash
    except ImportError:
        raise SystemExit("reports/dashboard.py is not there yet: nothing to time but the baseline") from None
    now = datetime.combine(args.as_of, dtime(3, 0), tzinfo=timezone.utc)
    # label -> (samples in seconds, statements per call); the baseline first
    results: dict[str, tuple[list[float], int | None]] = {}
    with app.app_context():
        engine = db.engine
        conn = engine.connect()

        def cold(dimension="kecamatan"):
            db.session.expire_all()
            dash.dashboard(args.start, args.end, as_of=args.as_of, dimension=dimension, now=now)
            db.session.rollback()  # as a request ends: the next call starts a new transaction

        def base():
            baseline(conn, args.as_of)
            conn.rollback()

        # 1 + 2: the baseline and the cold dashboard, interleaved
        steps = {"baseline": base, "kecamatan": cold}
        dimensions = ["kecamatan"] + [d for d in args.dimensions.split(",") if d in dash.DIMENSIONS and d != "kecamatan"]
        steps.update({d: (lambda d=d: cold(d)) for d in dimensions[1:]})
        load_before = os.getloadavg()[0]
        samples = interleaved(steps, args.repeat)
        print(f"\n  interleaved rounds: load average {load_before:.1f} before, {os.getloadavg()[0]:.1f} after")
        with Counter(engine) as counter:
            started = time.perf_counter()
            cold()
            one_call = time.perf_counter() - started
            slowest = sorted(counter.statements, key=lambda s: -s[2])
            counts = {"kecamatan": len(counter.statements)}
            for d in dimensions[1:]:
                counter.statements.clear()
                cold(d)
                counts[d] = len(counter.statements)
            results["baseline SQL: outstanding + PAR30 per kecamatan from loan_installment"] = (samples["baseline"], 1)
            for d in dimensions:
                results[f"`dashboard()` cold, {d}"] = (samples[d], counts[d])

            # 3: warm cache
            dash.clear_cache()

            def warm():
                return dash.cached_dashboard(args.start, args.end, as_of=args.as_of, dimension="kecamatan", now=now,
                                             max_age_seconds=300)

            warm()
            counter.statements.clear()
            warm()
            q = len(counter.statements)
            results["`cached_dashboard()` warm, kecamatan"] = (interleaved({"warm": warm}, max(args.repeat, 50))["warm"], q)

        base_rows_, disb = baseline(conn, args.as_of), disbursed(conn, args.start, args.end)
        figures = dash.dashboard(args.start, args.end, as_of=args.as_of, dimension="kecamatan", now=now)
        d = figures.previous_end
        out, par = conn.execute(text(PREVIOUS_SQL), {"d": d, "cutoff": d - timedelta(days=30)}).one()
        conn.rollback()
        check(figures, base_rows_, disb, percent, (_sen(out), _sen(par)))
        db.session.rollback()

        in_sql = sum(seconds for _s, _p, seconds in slowest)
        print(f"\none cold dashboard() (kecamatan): {one_call * 1000:,.0f} ms, of which {in_sql * 1000:,.0f} ms in its "
              f"{len(slowest)} SQL statements (executing and fetching); the slowest:")
        for statement, _params, seconds in slowest[:5]:
            print(f"  {seconds * 1000:8.1f} ms  {first_line(statement)}")
        if args.explain:
            for statement, params, _seconds in [(BASELINE_SQL, None, 0)] + slowest[:2]:
                print("\nEXPLAIN (ANALYZE, BUFFERS) of:", first_line(statement))
                if params is None:
                    rows = conn.execute(text("EXPLAIN (ANALYZE, BUFFERS) " + statement),
                                        {"cutoff": args.as_of - timedelta(days=30)})
                else:
                    rows = conn.exec_driver_sql("EXPLAIN (ANALYZE, BUFFERS) " + statement, params)
                for (line,) in rows:
                    print("   ", line)
                conn.rollback()
        conn.close()

    # 4: the page, through the test client, cache on and off
    for cache_seconds in () if args.no_page else (300, 0):
        page_app = make_app(uri, cache_seconds=cache_seconds, pg_set=args.pg_set)
        if "reports.dashboard" not in page_app.view_functions:
            print("(no reports.dashboard route yet: the page is not timed)")
            break
        client = page_app.test_client()
        response = client.post("/login", data={"username": "admin", "password": page_app.config["DEMO_PASSWORD"]})
        assert response.status_code == 302, response.status_code
        url = f"/reports/dashboard?start={args.start}&end={args.end}&dimension=kecamatan"
        with page_app.app_context():
            dash.clear_cache()
            engine = db.engine
        sizes = []

        def page():
            response = client.get(url)
            assert response.status_code == 200, response.status_code
            sizes.append(len(response.data))

        with Counter(engine) as counter:
            page()
            counter.statements.clear()
            page()
            q = len(counter.statements)
        label = "warm (cache 300 s)" if cache_seconds else "cold (cache off)"
        results[f"`GET /reports/dashboard` admin, {label}, {sizes[-1] // 1024} KB"] = (
            interleaved({"page": page}, args.repeat)["page"], q)

    base_ms = statistics.median(samples["baseline"]) * 1000
    print(f"\n| measure | median ms | min ms | × baseline | SQL statements |\n|---|---|---|---|---|")
    for label, (secs, q) in results.items():
        ms, mn = statistics.median(secs) * 1000, min(secs) * 1000
        digits = 1 if mn >= 1 else 3
        print(f"| {label} | {ms:,.{digits}f} | {mn:,.{digits}f} | {ms / base_ms:.{2 if digits == 1 else 5}f} | "
              f"{q if q is not None else '-'} |")
    ratios = [d / b for d, b in zip(samples["kecamatan"], samples["baseline"])]
    print(f"cold dashboard (kecamatan) / baseline, median of the {len(ratios)} interleaved rounds: "
          f"{statistics.median(ratios):.2f} (target <= 2)")


def check(figures, base, disb, percent, previous) -> None:
    """The dashboard's outstanding and PAR30 (total and per kecamatan) against the
    baseline's, disbursed in the period against DISBURSED_SQL, and the previous period's
    outstanding and PAR30 (totals) against PREVIOUS_SQL."""
    total_out = sum((v[1] for v in base.values()), Decimal("0.00"))
    total_par = sum((v[2] for v in base.values()), Decimal("0.00"))
    problems = []
    t = figures.totals
    if t.principal_outstanding != total_out:
        problems.append(f"outstanding {t.principal_outstanding} != SQL {total_out}")
    if t.par30_amount != total_par:
        problems.append(f"PAR30 amount {t.par30_amount} != SQL {total_par}")
    if t.par30 != percent(total_par, total_out):
        problems.append(f"PAR30 {t.par30} % != SQL {percent(total_par, total_out)} %")
    if t.loans_disbursed != sum(v[0] for v in disb.values()) or \
            t.amount_disbursed != sum((v[1] for v in disb.values()), Decimal("0.00")):
        problems.append(f"disbursed {t.loans_disbursed} / {t.amount_disbursed} != SQL")
    p = figures.previous
    if (p.principal_outstanding, p.par30_amount) != previous:
        problems.append(f"previous period (on {figures.previous_end}): outstanding/PAR30 {p.principal_outstanding}/"
                        f"{p.par30_amount} != SQL {previous[0]}/{previous[1]}")
    for row in figures.rows:
        out, par = base.get(row.key, (0, Decimal("0.00"), Decimal("0.00")))[1:]
        n, amount = disb.get(row.key, (0, Decimal("0.00")))
        if (row.principal_outstanding, row.par30_amount, row.loans_disbursed, row.amount_disbursed) != (out, par, n, amount):
            problems.append(f"kecamatan {row.key}: {row.principal_outstanding}/{row.par30_amount}/"
                            f"{row.loans_disbursed}/{row.amount_disbursed} != SQL {out}/{par}/{n}/{amount}")
    print(f"\ncheck: outstanding Rp {total_out:,.2f}, PAR30 Rp {total_par:,.2f} = {percent(total_par, total_out)} %, "
          f"{sum(v[0] for v in disb.values()):,} loans disbursed in the period; "
          f"previous period on {figures.previous_end}: outstanding Rp {previous[0]:,.2f}, PAR30 Rp {previous[1]:,.2f}; "
          f"{len(figures.rows)} rows: " + ("dashboard == SQL" if not problems else "MISMATCH"))
    for p in problems[:10]:
        print("  MISMATCH:", p)
    if problems:
        raise SystemExit(1)


def main() -> None:
    args = parse_args()
    uri = f"{args.server_url}/{args.database}"
    print(f"PostgreSQL database {args.database}; as of {args.as_of}, period {args.start} .. {args.end}; "
          f"median of {args.repeat}; {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}", flush=True)
    try:
        if not args.reuse:
            started = time.perf_counter()
            create_database(args.server_url, args.database)
            app = make_app(uri)
            migrate(app)
            ids = base_rows(app)
            print(f"  schema + users in {time.perf_counter() - started:.1f} s; seeding ...", flush=True)
            started = time.perf_counter()
            seed(app, ids, args)
            print(f"  seeded in {time.perf_counter() - started:.1f} s", flush=True)
            with app.app_context():
                from extensions import db
                db.engine.dispose()
        print("  " + describe(make_app(uri), args), flush=True)
        if args.pg_set:
            print(f"  SET on every timed connection: {', '.join(args.pg_set)}")
        measure(args, uri)
    finally:
        if not args.keep and not args.reuse:  # --reuse leaves the database it was given
            drop_database(args.server_url, args.database)
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()

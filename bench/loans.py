"""Loans under load: repayment posting throughput, and the portfolio at 1k vs 100k loans.

(a) Postings per second through ``loans.services.post_repayment``, one commit per posting
    (as the view does): a single client, then 4 threads on distinct loans, then 4 threads
    on the same loan (serialised by its row lock). The loans are made through the services
    (submit -> approve -> disburse). Each posting is Rp 1.000 so no loan closes.
(b) ``loans.portfolio.portfolio`` (first page of 100 rows, as the page asks; and the whole
    report, as the export does), ``collection_list`` and the HTTP page ``/loans/portfolio``
    at each size in BENCH_SIZES. These loans are bulk-inserted (Loan, LoanApplication and
    LoanInstallment rows written directly, with paid amounts set to give a spread of days
    past due, and the loans' summary columns filled as the services would), because posting the histories of 100,000 loans through the service would
    take hours.

    BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/berdaya_bench_loans \\
        .venv/bin/python bench/loans.py          # DESTROYS that database's data

Without BENCH_DATABASE_URL it runs on SQLite temp files (the threaded postings then
measure SQLite's single writer). Environment: BENCH_SIZES (default "1000,100000"),
BENCH_REPEAT (default 5), BENCH_POSTINGS (per run, default 200; 0 skips part (a)).
"""
from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import threading
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from flask_babel import force_locale  # noqa: E402
from sqlalchemy import event, insert, select  # noqa: E402

SIZES = [int(n) for n in os.environ.get("BENCH_SIZES", "1000,100000").split(",")]
REPEAT = int(os.environ.get("BENCH_REPEAT", "5"))
POSTINGS = int(os.environ.get("BENCH_POSTINGS", "200"))
TRAINEES = 1000
TODAY = date(2026, 11, 27)


def make_app(uri: str):
    from app import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": uri, "WTF_CSRF_ENABLED": False, "SQLALCHEMY_ENGINE_OPTIONS": {}})


def fresh(app, trainees: int):
    """Empty schema, the demo users and ``trainees`` trainees, products and sources."""
    from commands import reset_database
    from extensions import db
    from loans import demo as loans_demo, services
    from trainees import demo

    with app.app_context():
        reset_database()
        with force_locale("en"):
            result = demo.seed_demo(trainees=trainees, password=app.config["DEMO_PASSWORD"], today=TODAY)
        admin = result.users["admin"]
        products = [services.create_product(p, actor=admin) for p in loans_demo.demo_products()]
        source = services.create_funding_source(name="Bench", kind="city_budget", partner_name=None,
                                                committed=Decimal(10) ** 15, actor=admin)
        db.session.commit()
        return {k: u.id for k, u in result.users.items()}, [p.id for p in products], source.id


# -- (a) posting throughput -----------------------------------------------------------------

def make_loans(app, users, product_id, source_id, n):
    from accounts.models import User
    from extensions import db
    from loans import services
    from trainees.models import Trainee

    with app.app_context():
        officer, officer2 = db.session.get(User, users["officer"]), db.session.get(User, users["officer2"])
        ids = []
        for trainee_id in db.session.scalars(select(Trainee.id).order_by(Trainee.id).limit(n)):
            data = services.ApplicationData(
                trainee_id=trainee_id, product_id=product_id, amount=Decimal(5_000_000), term=50,
                purpose="Bench", business_plan="Bench", monthly_revenue=Decimal(20_000_000),
                monthly_costs=Decimal(8_000_000), household_expenses=Decimal(2_000_000))
            application = services.submit_application(data, actor=officer, on=TODAY - timedelta(days=30))
            services.approve_application(application, actor=officer2, on=TODAY - timedelta(days=29),
                                         justification="bench")
            from loans.models import FundingSource

            loan = services.disburse(application, actor=officer, on=TODAY - timedelta(days=28),
                                     funding_source=db.session.get(FundingSource, source_id), method="cash")
            ids.append(loan.id)
        db.session.commit()
        return ids


def post_many(app, user_id, loan_ids, count, tag):
    """``count`` postings spread over ``loan_ids`` in turn, one commit each."""
    from accounts.models import User
    from extensions import db
    from loans import services
    from loans.models import Loan

    with app.app_context():
        actor = db.session.get(User, user_id)
        for k in range(count):
            loan = db.session.get(Loan, loan_ids[k % len(loan_ids)])
            services.post_repayment(loan, actor=actor, on=TODAY, amount=Decimal(1000), method="cash",
                                    idempotency_key=f"bench-{tag}-{k}", today=TODAY)
            db.session.commit()
        db.session.remove()


def throughput(app, users, loan_ids) -> list[tuple[str, int, float]]:
    results = []
    officer = users["officer"]

    started = time.perf_counter()
    post_many(app, officer, loan_ids[:10], POSTINGS, "single")
    results.append(("1 client, 10 loans in turn", POSTINGS, time.perf_counter() - started))

    def run_threads(label, loan_sets, tag):
        per_thread = POSTINGS // 4
        threads = [threading.Thread(target=post_many, args=(app, officer, loans, per_thread, f"{tag}{t}"))
                   for t, loans in enumerate(loan_sets)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        results.append((label, per_thread * 4, time.perf_counter() - started))

    run_threads("4 threads, distinct loans", [loan_ids[10 + 5 * t:15 + 5 * t] for t in range(4)], "distinct")
    run_threads("4 threads, one loan", [[loan_ids[30]]] * 4, "same")
    return results


# -- (b) portfolio at size --------------------------------------------------------------------

def bulk_loans(app, users, product_ids, source_id, n, seed=7):
    """``n`` active loans with instalments, written directly; ~70 % current, the rest
    stopped paying at a random instalment (a spread over every bucket); 2 % written off."""
    from extensions import db
    from loans.models import Loan, LoanApplication, LoanInstallment, LoanProduct
    from loans.schedule import build_schedule
    from trainees.models import Trainee

    rng = random.Random(seed)
    with app.app_context():
        products = [db.session.get(LoanProduct, p) for p in product_ids]
        trainees = list(db.session.execute(select(Trainee.id, Trainee.officer_id)))
        officer_id = users["officer"]
        schedules = {}
        app_rows, loan_rows, inst_rows = [], [], []
        next_app = (db.session.scalar(select(LoanApplication.id).order_by(LoanApplication.id.desc()).limit(1)) or 0) + 1
        next_loan = (db.session.scalar(select(Loan.id).order_by(Loan.id.desc()).limit(1)) or 0) + 1

        def flush():
            if app_rows:
                db.session.execute(insert(LoanApplication), app_rows)
                db.session.execute(insert(Loan), loan_rows)
                db.session.execute(insert(LoanInstallment), inst_rows)
                app_rows.clear(), loan_rows.clear(), inst_rows.clear()

        for k in range(n):
            product = products[k % 2]
            weekly = product.frequency == "weekly"
            amount = Decimal(rng.choice((2, 3, 5, 8, 10) if weekly else (5, 8, 12, 20))) * 1_000_000
            term = 25 if weekly else 12
            start = TODAY - timedelta(days=rng.randint(14, (7 * term if weekly else 365) - 7))
            key = (product.id, amount, start)
            if key not in schedules:
                schedules[key] = build_schedule(
                    principal=amount, annual_rate=product.annual_rate, periods=term, frequency=product.frequency,
                    method=product.method, multiple=product.rounding_multiple, start=start)
            schedule = schedules[key]
            due_count = sum(1 for i in schedule if i.due_on < TODAY)
            paid = due_count if rng.random() < 0.7 else rng.randint(0, max(0, due_count - 1))
            trainee_id, trainee_officer = trainees[k % len(trainees)]
            terms = dict(annual_rate=product.annual_rate, frequency=product.frequency, method=product.method,
                         amortization=product.amortization, rounding_multiple=product.rounding_multiple,
                         fee_type="none", fee_value=Decimal(0), fee_timing="deducted", penalty_amount=None,
                         penalty_after_days=None)
            app_id, loan_id = next_app + k, next_loan + k
            app_rows.append(dict(
                id=app_id, trainee_id=trainee_id, product_id=product.id, amount=amount, term=term, grace_periods=0,
                purpose="Bench", business_plan="Bench", monthly_revenue=Decimal(0), monthly_costs=Decimal(0),
                household_expenses=Decimal(0), other_installments=Decimal(0), is_flagged=False,
                status="disbursed", submitted_by_id=officer_id, submitted_on=start, **terms))
            written_off = rng.random() < 0.02 and paid < due_count
            # the summary columns, as services.store_summary would write them (instalments
            # 1..paid fully paid, the rest untouched)
            unpaid = schedule[paid:]
            principal_left = sum((i.principal for i in unpaid), Decimal(0))
            loan_rows.append(dict(
                principal_outstanding=principal_left,
                total_outstanding=principal_left + sum((i.interest for i in unpaid), Decimal(0)),
                oldest_unpaid_due_on=unpaid[0].due_on if unpaid else None,
                id=loan_id, application_id=app_id, trainee_id=trainee_id, product_id=product.id,
                funding_source_id=source_id, officer_id=trainee_officer, principal=amount, periods=term,
                grace_periods=0, fee_amount=Decimal(0), disbursed_on=start, disbursement_method="cash",
                disbursed_by_id=officer_id, status="written_off" if written_off else "active",
                written_off_on=TODAY - timedelta(days=5) if written_off else None, **terms))
            for i in schedule:
                done = i.number <= paid
                inst_rows.append(dict(
                    loan_id=loan_id, number=i.number, due_on=i.due_on, principal_due=i.principal,
                    interest_due=i.interest, fee_due=Decimal(0), penalty_due=Decimal(0),
                    principal_paid=i.principal if done else Decimal(0), interest_paid=i.interest if done else Decimal(0),
                    fee_paid=Decimal(0), penalty_paid=Decimal(0), paid_on=i.due_on if done else None))
            if len(app_rows) >= 2000:
                flush()
        flush()
        db.session.commit()
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.exec_driver_sql("VACUUM ANALYZE")
        else:
            with db.engine.begin() as conn:
                conn.exec_driver_sql("ANALYZE")


def measure(app, users) -> dict[str, tuple[float, int]]:
    """label -> (median ms, SQL statements)."""
    from accounts.models import User
    from extensions import db
    from loans import portfolio as pf

    statements = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    def timed(fn):
        fn()  # warm-up
        statements.clear()
        fn()
        queries = len(statements)
        timings = []
        for _ in range(REPEAT):
            started = time.perf_counter()
            fn()
            timings.append(time.perf_counter() - started)
        return statistics.median(timings) * 1000, queries

    results = {}
    with app.app_context():
        admin, mentor = db.session.get(User, users["admin"]), db.session.get(User, users["mentor"])
        event.listen(db.engine, "before_cursor_execute", count)
        try:
            results["portfolio(), admin, first 100 rows"] = timed(
                lambda: pf.portfolio(admin, pf.PortfolioFilters(), as_of=TODAY, limit=100))
            results["portfolio(), admin, every row"] = timed(
                lambda: pf.portfolio(admin, pf.PortfolioFilters(), as_of=TODAY))
            results["portfolio(), admin, bucket 31-60"] = timed(
                lambda: pf.portfolio(admin, pf.PortfolioFilters(bucket="31-60"), as_of=TODAY, limit=100))
            results["portfolio(), mentor, first 100"] = timed(
                lambda: pf.portfolio(mentor, pf.PortfolioFilters(), as_of=TODAY, limit=100))
            results["collection_list(), admin, every row"] = timed(lambda: pf.collection_list(admin, as_of=TODAY))
            results["collection_list(), admin, first 100"] = timed(
                lambda: pf.collection_list(admin, as_of=TODAY, limit=100))
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
        engine = db.engine
    if "loans.portfolio" in app.view_functions:
        client = app.test_client()
        response = client.post("/login", data={"username": "admin", "password": app.config["DEMO_PASSWORD"]})
        assert response.status_code == 302
        event.listen(engine, "before_cursor_execute", count)
        try:
            def page():
                response = client.get("/loans/portfolio")
                assert response.status_code == 200, response.status_code
            results["GET /loans/portfolio, admin"] = timed(page)
        finally:
            event.remove(engine, "before_cursor_execute", count)
    return results


def main() -> None:
    url = os.environ.get("BENCH_DATABASE_URL")
    backend = "PostgreSQL" if url else "SQLite"
    print(f"Backend: {backend}; sizes {SIZES}; median of {REPEAT}; {POSTINGS} postings per run.")
    with tempfile.TemporaryDirectory() as tmp:
        from extensions import db

        # (a), skipped with BENCH_POSTINGS=0
        if POSTINGS:
            uri = url or f"sqlite:///{Path(tmp) / 'bench_post.db'}"
            app = make_app(uri)
            users, product_ids, source_id = fresh(app, 100)
            loan_ids = make_loans(app, users, product_ids[0], source_id, 40)
            print()
            print(f"{'posting run':<28} {'postings':>9} {'seconds':>8} {'per second':>11}")
            for label, count, seconds in throughput(app, users, loan_ids):
                print(f"{label:<28} {count:>9} {seconds:>8.2f} {count / seconds:>11.1f}", flush=True)
            with app.app_context():
                db.engine.dispose()

        # (b)
        by_size = {}
        for n in SIZES:
            uri = url or f"sqlite:///{Path(tmp) / f'bench_{n}.db'}"
            app = make_app(uri)
            users, product_ids, source_id = fresh(app, TRAINEES)
            started = time.perf_counter()
            bulk_loans(app, users, product_ids, source_id, n)
            print(f"  built {n:>7,} loans (bulk insert) in {time.perf_counter() - started:6.1f} s", flush=True)
            by_size[n] = measure(app, users)
            with app.app_context():
                db.engine.dispose()
    small, large = SIZES[0], SIZES[-1]
    head = f"{'request':<36} {f'{small:,} ms':>10} {f'{large:,} ms':>11} {'ratio':>6} {'queries':>8}"
    print()
    print(head)
    print("-" * len(head))
    for key in by_size[small]:
        (ms_small, q_small), (ms_large, q_large) = by_size[small][key], by_size[large][key]
        queries = str(q_small) if q_small == q_large else f"{q_small}/{q_large}"
        print(f"{key:<36} {ms_small:>10.1f} {ms_large:>11.1f} {ms_large / ms_small:>6.1f} {queries:>8}")


if __name__ == "__main__":
    main()

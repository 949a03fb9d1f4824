"""Trainee progress reports: our overhead over WeasyPrint, and batch throughput.

Builds a fresh database with the demo seeder (``seed-demo``: BENCH_TRAINEES trainees,
loans for ~40 %, a year of mentoring with monthly check-ins) and assesses everyone, then:

(a) One report end-to-end — ``documents.trainee_report_pdf`` (queries, charts, Jinja,
    WeasyPrint) — against WeasyPrint rendering the same finished HTML alone
    (``documents.html_to_pdf(html)``: same shared FontConfiguration and URL fetcher), for
    the demo trainee with the richest record (most check-ins, sessions and a loan). Median
    of BENCH_REPEAT runs each after one warm-up, interleaved so that both see the same
    machine load. The ratio is our overhead: goal <= 1.10. For reference it also times
    WeasyPrint called the naive way (a new FontConfiguration for every document).

(b) Batch throughput: ``batch.render_trainee_reports`` of the first BENCH_BATCH trainees
    (default 200) with 1 worker (in-process) and with 2 worker processes (spawned; their
    start-up is counted), BENCH_ROUNDS rounds alternating. Speed-up = best time(1) / best
    time(2): goal >= 1.8 on a machine with two free cores. The CPU seconds of all the
    processes per wall second show how much of the machine the batch actually got (2.0 =
    two full cores): on a shared machine a low figure means other processes took cores.

    .venv/bin/python bench/reports.py                          # SQLite temp file
    BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/berdaya_bench_reports \\
        .venv/bin/python bench/reports.py                      # PostgreSQL: DESTROYS that database's data

Environment: BENCH_TRAINEES (default 300), BENCH_BATCH (default 200), BENCH_REPEAT
(default 15), BENCH_WORKERS (default "1,2"), BENCH_ROUNDS (default 2), BENCH_LOCALE
(default "id").
"""
from __future__ import annotations

import gc
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import func, select  # noqa: E402

TRAINEES = int(os.environ.get("BENCH_TRAINEES", "300"))
BATCH = int(os.environ.get("BENCH_BATCH", "200"))
REPEAT = int(os.environ.get("BENCH_REPEAT", "15"))
WORKERS = [int(n) for n in os.environ.get("BENCH_WORKERS", "1,2").split(",")]
LOCALE = os.environ.get("BENCH_LOCALE", "id")
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "2"))
PARTS = set(os.environ.get("BENCH_PARTS", "a,b").split(","))


def make_app(uri: str):
    from app import create_app

    return create_app({"SQLALCHEMY_DATABASE_URI": uri, "WTF_CSRF_ENABLED": False, "SQLALCHEMY_ENGINE_OPTIONS": {}})


def build(app) -> float:
    """Fresh schema, the demo data, everyone assessed. Returns the seconds it took."""
    from commands import reset_database
    from extensions import db, local_today
    from reports import services

    started = time.perf_counter()
    with app.app_context():
        reset_database()
        result = app.test_cli_runner().invoke(args=["seed-demo", "--trainees", str(TRAINEES)])
        if result.exit_code != 0:
            raise SystemExit(f"seed-demo failed: {result.output}")
        print(result.output.strip().splitlines()[-1])
        services.assess_all(as_of=local_today())
        db.session.commit()
    return time.perf_counter() - started


def richest_trainee():
    """The trainee with a loan and the most check-ins + sessions (ties: lowest id)."""
    from extensions import db
    from loans.models import Loan
    from mentoring.models import BusinessCheckin, SessionAttendance
    from trainees.models import Trainee

    checkins = (select(func.count()).select_from(BusinessCheckin)
                .where(BusinessCheckin.trainee_id == Trainee.id).scalar_subquery())
    sessions = (select(func.count()).select_from(SessionAttendance)
                .where(SessionAttendance.trainee_id == Trainee.id).scalar_subquery())
    has_loan = select(Loan.id).where(Loan.trainee_id == Trainee.id).exists()
    return db.session.scalar(select(Trainee).where(has_loan).order_by((checkins + sessions).desc(), Trainee.id)
                             .limit(1))


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def single_report(app) -> dict:
    import io

    from pypdf import PdfReader
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    from extensions import db, local_today
    from reports import documents, services

    with app.app_context():
        as_of = local_today()
        trainee = richest_trainee()
        row = services.latest_assessment(trainee)
        html = documents.trainee_report_html(trainee, as_of=as_of, assessment=row, locale=LOCALE)

        def end_to_end():
            db.session.expire_all()  # every run reads the database again, as a request would
            return documents.trainee_report_pdf(trainee, as_of=as_of, assessment=row, locale=LOCALE)

        def weasy_alone():
            return documents.html_to_pdf(html)

        def weasy_naive():
            fetcher = URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)
            return HTML(string=html, base_url=None, url_fetcher=fetcher).write_pdf()

        def html_only():
            db.session.expire_all()
            return documents.trainee_report_html(trainee, as_of=as_of, assessment=row, locale=LOCALE)

        steps = (("end_to_end", end_to_end), ("weasyprint", weasy_alone), ("naive", weasy_naive),
                 ("html", html_only))
        times = {f"{name}{suffix}": [] for name, _fn in steps for suffix in ("", "_gc")}
        for _name, fn in steps:  # warm-up
            fn()
        for _ in range(REPEAT):
            # twice: as they come (each run may pay for collecting an earlier run's cyclic
            # garbage: WeasyPrint leaves a lot), and after gc.collect() (each pays for its own)
            for suffix in ("", "_gc"):
                for name, fn in steps:
                    if suffix:
                        gc.collect()
                    started = time.perf_counter()
                    fn()
                    times[f"{name}{suffix}"].append(time.perf_counter() - started)
        pages = len(PdfReader(io.BytesIO(end_to_end())).pages)
        return {"trainee": f"#{trainee.id} {trainee.full_name}", "pages": pages, "html_kb": len(html) // 1024,
                **{name: median_ms(samples) for name, samples in times.items()}}


def _cpu_seconds() -> float:
    """CPU time of this process and of its waited-for children (the pool's workers)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def batch_throughput(app, tmp: Path) -> list[dict]:
    """Each worker count ROUNDS times, alternating (1, 2, 1, 2, ...): on a shared machine
    the best round of each is the one least disturbed by other processes."""
    from extensions import local_today
    from reports import batch

    rows = []
    with app.app_context():
        as_of = local_today()
        ids = batch.programme_trainee_ids(as_of=as_of)[:BATCH]
        for round_ in range(ROUNDS):
            for workers in WORKERS:
                out = tmp / f"batch-{workers}-{round_}"
                load = os.getloadavg()[0]
                cpu = _cpu_seconds()
                result = batch.render_trainee_reports(ids, out, as_of=as_of, workers=workers, locale=LOCALE)
                cpu = _cpu_seconds() - cpu
                if result.failures:
                    raise SystemExit(f"{len(result.failures)} reports failed: {result.failures[:3]}")
                rows.append({"round": round_ + 1, "workers": workers, "reports": result.count,
                             "seconds": result.seconds, "per_second": result.count / result.seconds,
                             "cpu": cpu, "load": load})
    return rows


def print_single(single: dict) -> None:
    print(f"\n(a) one trainee report ({single['trainee']}, {single['pages']} pages, HTML {single['html_kb']} KB), "
          f"median of {REPEAT}:")
    print("| step | ms | ms after gc.collect() |\n|---|---|---|")
    for name, label in (
        ("end_to_end", "end to end: `trainee_report_pdf` (queries + charts + Jinja + WeasyPrint)"),
        ("weasyprint", "WeasyPrint alone on the same HTML (`html_to_pdf`, shared FontConfiguration)"),
        ("naive", "WeasyPrint alone, a new FontConfiguration per document"),
        ("html", "our part alone: `trainee_report_html` (queries + charts + Jinja)"),
    ):
        print(f"| {label} | {single[name]:.0f} | {single[name + '_gc']:.0f} |")
    print(f"ratio end-to-end / WeasyPrint alone = {single['end_to_end'] / single['weasyprint']:.3f}, "
          f"after gc.collect() {single['end_to_end_gc'] / single['weasyprint_gc']:.3f} (goal <= 1.10)")


def print_batch(rows: list[dict]) -> None:
    print(f"\n(b) batch of {BATCH} trainee reports:")
    print("| round | workers | load avg before | wall s | reports/s | CPU s (all processes) | CPU s / wall s |")
    print("|---|---|---|---|---|---|---|")
    for row in rows:
        print(f"| {row['round']} | {row['workers']} | {row['load']:.1f} | {row['seconds']:.1f} | "
              f"{row['per_second']:.2f} | {row['cpu']:.0f} | {row['cpu'] / row['seconds']:.2f} |")
    best = {}
    for row in rows:
        best[row["workers"]] = min(best.get(row["workers"], row["seconds"]), row["seconds"])
    if 1 in best and 2 in best:
        print(f"speed-up 2 workers vs 1 (best rounds) = {best[1] / best[2]:.2f}x (goal >= 1.8)")


def main() -> None:
    uri = os.environ.get("BENCH_DATABASE_URL")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        uri = uri or f"sqlite:///{tmp / 'bench_reports.db'}"
        app = make_app(uri)
        backend = "PostgreSQL" if uri.startswith("postgresql") else "SQLite"
        print(f"Building {TRAINEES} demo trainees on {backend} ...", flush=True)
        print(f"  built and assessed in {build(app):.1f} s; {os.cpu_count()} CPUs, "
              f"load average {os.getloadavg()[0]:.1f}", flush=True)
        if "a" in PARTS:
            print_single(single_report(app))
        if "b" in PARTS:
            print_batch(batch_throughput(app, tmp))
        print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()

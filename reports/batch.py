"""Batch generation of trainee progress reports in parallel worker processes (the
``flask reports trainees`` command is a thin wrapper around :func:`render_trainee_reports`).

Why processes: WeasyPrint's layout is pure Python and holds the GIL, so threads would
not render two PDFs at once; each worker process renders one report at a time with its
own database connection, FontConfiguration and image cache (``reports.documents``).

Workers are *spawned* (a fresh interpreter, never a fork of the caller): a forked child
would inherit the caller's open database connections and Pango/fontconfig state.
Each worker builds the app once from the caller's configuration (every picklable
upper-case key, the database URI included), keeps one app context for its lifetime and
renders the trainees it is handed: read-only (the assessments are made before, by the
caller, in one transaction). A report that fails is reported with the trainee's id,
name and the error; the others are still written. ``workers=1`` renders in the calling
process (no pool), the baseline of the benchmark.

Selection: the trainees in the programme on ``as_of`` (joined on or before it and not
graduated by then), of one kecamatan if given, in id order, as
``services.assess_all``. Each report shows the trainee's latest assessment made as of
that date (``as_of`` on or before it).
"""
from __future__ import annotations

import os
import pickle
import time
import traceback
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from datetime import date
from multiprocessing import get_context
from pathlib import Path
from typing import Callable

from flask import current_app
from sqlalchemy import or_, select

from extensions import db
from trainees.models import Kecamatan, Trainee

from .models import Assessment


@dataclass(frozen=True)
class Failure:
    trainee_id: int
    name: str
    error: str


@dataclass
class BatchResult:
    written: list[Path] = field(default_factory=list)
    failures: list[Failure] = field(default_factory=list)
    seconds: float = 0.0
    workers: int = 1

    @property
    def count(self) -> int:
        return len(self.written) + len(self.failures)


def default_workers() -> int:
    """The number of CPU cores this process may use."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def resolve_kecamatan(value: str | None) -> str | None:
    """A kecamatan code from a code ("32.73.01") or a name ("Sukasari", any case).
    Raises ValueError for an unknown one."""
    if not value:
        return None
    value = value.strip()
    code = db.session.scalar(select(Kecamatan.code).where(
        or_(Kecamatan.code == value, Kecamatan.name.ilike(value))))
    if code is None:
        raise ValueError(f"unknown kecamatan {value!r}")
    return code


def programme_trainee_ids(*, as_of: date, kecamatan: str | None = None) -> list[int]:
    """Ids of the trainees in the programme on ``as_of`` (as ``services.assess_all``)."""
    stmt = select(Trainee.id).where(
        Trainee.joined_on <= as_of, or_(Trainee.graduated_on.is_(None), Trainee.graduated_on > as_of))
    if kecamatan:
        stmt = stmt.where(Trainee.kecamatan_code == kecamatan)
    return list(db.session.scalars(stmt.order_by(Trainee.id)))


def assessment_as_of(trainee_id: int, as_of: date) -> Assessment | None:
    """The trainee's latest snapshot describing a day on or before ``as_of``."""
    return db.session.scalar(
        select(Assessment).where(Assessment.trainee_id == trainee_id, Assessment.as_of <= as_of)
        .order_by(Assessment.as_of.desc(), Assessment.created_at.desc(), Assessment.id.desc()).limit(1))


def render_one(trainee_id: int, out_dir: Path, *, as_of: date, generated_on: date | None = None,
               locale: str | None = None) -> Path:
    """Write one trainee's report into ``out_dir``; returns its path. Needs an app context."""
    from . import documents

    trainee = db.session.get(Trainee, trainee_id)
    if trainee is None:
        raise LookupError(f"no trainee {trainee_id}")
    pdf = documents.trainee_report_pdf(trainee, as_of=as_of, assessment=assessment_as_of(trainee_id, as_of),
                                       locale=locale, generated_on=generated_on)
    path = Path(out_dir) / documents.trainee_report_filename(trainee, as_of=as_of)
    tmp = path.with_suffix(".pdf.part")
    tmp.write_bytes(pdf)
    tmp.replace(path)  # a reader never sees half a file
    return path


def _trainee_name(trainee_id: int) -> str:
    try:
        return db.session.scalar(select(Trainee.full_name).where(Trainee.id == trainee_id)) or ""
    except Exception:  # noqa: BLE001 - the name only decorates a failure report
        db.session.rollback()
        return ""


def _attempt(trainee_id: int, out_dir: Path, as_of: date, generated_on: date | None,
             locale: str | None) -> tuple[int, str | None, Failure | None]:
    """Render one report, never raising: (id, path or None, failure or None)."""
    try:
        path = render_one(trainee_id, out_dir, as_of=as_of, generated_on=generated_on, locale=locale)
        return trainee_id, str(path), None
    except Exception as err:  # noqa: BLE001 - one bad report must not stop the batch
        db.session.rollback()
        message = f"{type(err).__name__}: {err}".strip()
        if current_app.debug:
            message += "\n" + traceback.format_exc()
        return trainee_id, None, Failure(trainee_id, _trainee_name(trainee_id), message)


# -- worker processes -------------------------------------------------------------------

_worker_app_context = None


def _picklable_config(config) -> dict:
    result = {}
    for key, value in config.items():
        if not key.isupper():
            continue
        try:
            pickle.dumps(value)
        except Exception:  # noqa: BLE001 - leave out what cannot cross a process boundary
            continue
        result[key] = value
    return result


def _init_worker(config: dict) -> None:
    """Build the app in the worker once and keep an app context for its lifetime."""
    global _worker_app_context
    from app import create_app  # the entry point builds the app; nothing else imports it

    app = create_app(config)
    _worker_app_context = app.app_context()
    _worker_app_context.push()


def _work(trainee_id: int, out_dir: str, as_of: date, generated_on: date | None, locale: str | None):
    try:
        return _attempt(trainee_id, Path(out_dir), as_of, generated_on, locale)
    finally:
        db.session.remove()  # each report starts from a fresh session and transaction


def render_trainee_reports(trainee_ids: list[int], out_dir: Path, *, as_of: date, workers: int | None = None,
                           generated_on: date | None = None, locale: str | None = None,
                           progress: Callable[[int, int], None] | None = None) -> BatchResult:
    """Render the reports of ``trainee_ids`` into ``out_dir`` (created if missing) with
    ``workers`` processes (default: the number of cores; 1: in this process). Calls
    ``progress(done, total)`` after each report. Returns what was written and what
    failed, with the wall-clock time."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    workers = max(1, workers or default_workers())
    workers = min(workers, max(len(trainee_ids), 1))
    result = BatchResult(workers=workers)
    total = len(trainee_ids)
    started = time.perf_counter()

    def collect(outcome, done):
        _id, path, failure = outcome
        if failure is not None:
            result.failures.append(failure)
        else:
            result.written.append(Path(path))
        if progress is not None:
            progress(done, total)

    if workers == 1:
        for done, trainee_id in enumerate(trainee_ids, 1):
            collect(_attempt(trainee_id, out_dir, as_of, generated_on, locale), done)
    else:
        config = _picklable_config(current_app.config)
        with ProcessPoolExecutor(max_workers=workers, mp_context=get_context("spawn"),
                                 initializer=_init_worker, initargs=(config,)) as pool:
            futures = {pool.submit(_work, trainee_id, str(out_dir), as_of, generated_on, locale): trainee_id
                       for trainee_id in trainee_ids}
            for done, future in enumerate(as_completed(futures), 1):
                try:
                    outcome = future.result()
                except Exception as err:  # noqa: BLE001 - a worker died (e.g. out of memory)
                    trainee_id = futures[future]
                    outcome = (trainee_id, None, Failure(trainee_id, _trainee_name(trainee_id),
                                                         f"{type(err).__name__}: {err}"))
                collect(outcome, done)
    result.failures.sort(key=lambda f: f.trainee_id)
    result.written.sort()
    result.seconds = time.perf_counter() - started
    return result

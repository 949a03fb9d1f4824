"""The reports CLI: ``flask reports assess``, ``flask reports trainees`` (batch PDFs in
worker processes, summary, exit code) and ``flask reports programme``. Runs on SQLite
(file databases, so worker processes see the test's data) and PostgreSQL."""
from __future__ import annotations

import io
from datetime import date

import pytest
from pypdf import PdfReader
from sqlalchemy import func, select

from extensions import db
from reports import batch, documents
from reports.models import Assessment

TODAY = date(2026, 11, 27)


@pytest.fixture
def trainees(factory):
    admin = factory.admin
    made = []
    for name in ("Siti Satu", "Dewi Dua", "Rina Tiga"):
        trainee = factory.trainee(full_name=name)
        factory.checkin(trainee, actor=admin, month=date(2026, 10, 1), revenue=3_000_000, costs=2_000_000)
        made.append(trainee)
    # no longer in the programme on TODAY: graduated before
    alumna = factory.trainee(full_name="Sudah Lulus")
    alumna.graduated_on, alumna.graduated_by_id = date(2026, 10, 1), admin.id
    db.session.commit()
    return made


def pdf_text(path) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(path.read_bytes())).pages)


def test_assess_stores_a_snapshot_per_trainee_in_the_programme(runner, trainees):
    result = runner.invoke(args=["reports", "assess", "--as-of", "2026-11-27"])
    assert result.exit_code == 0, result.output
    assert "Assessed 3 trainees as of 2026-11-27" in result.output
    assert db.session.scalar(select(func.count()).select_from(Assessment)) == 3
    # again: the inputs did not change, the snapshots are reused
    result = runner.invoke(args=["reports", "assess", "--as-of", "2026-11-27"])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(func.count()).select_from(Assessment)) == 3


def test_assess_one_kecamatan_by_name(runner, trainees, factory):
    factory.trainee(full_name="Di Cibiru", kelurahan_code=_kelurahan_of("32.73.25"))
    result = runner.invoke(args=["reports", "assess", "--as-of", "2026-11-27", "--kecamatan", "cibiru"])
    assert result.exit_code == 0, result.output
    assert "Assessed 1 trainees" in result.output


def test_unknown_kecamatan_is_bad_input(runner, trainees):
    result = runner.invoke(args=["reports", "assess", "--kecamatan", "Atlantis"])
    assert result.exit_code == 2
    assert "Unknown kecamatan" in result.output


def test_trainees_writes_one_pdf_per_trainee_with_a_summary(runner, trainees, tmp_path):
    out = tmp_path / "out"
    result = runner.invoke(args=["reports", "trainees", "--as-of", "2026-11-27", "--out", str(out),
                                 "--workers", "1", "--locale", "en"])
    assert result.exit_code == 0, result.output
    assert "Wrote 3 of 3 trainee reports" in result.output
    assert "with 1 worker in" in result.output
    files = sorted(out.glob("*.pdf"))
    assert [f.name for f in files] == sorted(
        documents.trainee_report_filename(t, as_of=TODAY) for t in trainees)
    text = pdf_text(out / documents.trainee_report_filename(trainees[0], as_of=TODAY))
    assert "Siti Satu" in text and "Progress report" in text
    assert db.session.scalar(select(func.count()).select_from(Assessment)) == 3  # assessed first


def test_trainees_in_parallel_worker_processes(runner, trainees, tmp_path):
    out = tmp_path / "parallel"
    result = runner.invoke(args=["reports", "trainees", "--as-of", "2026-11-27", "--out", str(out),
                                 "--workers", "2", "--locale", "en"])
    assert result.exit_code == 0, result.output
    assert "Wrote 3 of 3 trainee reports" in result.output
    assert "with 2 workers" in result.output
    assert len(list(out.glob("*.pdf"))) == 3
    assert not list(out.glob("*.part"))
    assert "Dewi Dua" in pdf_text(out / documents.trainee_report_filename(trainees[1], as_of=TODAY))


def test_a_failing_report_is_named_and_the_exit_code_is_1(runner, trainees, tmp_path, monkeypatch):
    real = documents.trainee_report_pdf
    victim = trainees[1]

    def flaky(trainee, **kwargs):
        if trainee.id == victim.id:
            raise RuntimeError("font exploded")
        return real(trainee, **kwargs)

    monkeypatch.setattr(documents, "trainee_report_pdf", flaky)
    out = tmp_path / "flaky"
    result = runner.invoke(args=["reports", "trainees", "--as-of", "2026-11-27", "--out", str(out),
                                 "--workers", "1", "--no-assess"])
    assert result.exit_code == 1
    assert "Wrote 2 of 3 trainee reports" in result.output
    assert f"#{victim.id} Dewi Dua: RuntimeError: font exploded" in result.output
    assert len(list(out.glob("*.pdf"))) == 2


def test_programme_writes_the_pdf(runner, trainees, tmp_path):
    out = tmp_path / "programme.pdf"
    result = runner.invoke(args=["reports", "programme", "--start", "2026-01-01", "--end", "2026-11-30",
                                 "--as-of", "2026-11-27", "--out", str(out), "--locale", "en"])
    assert result.exit_code == 0, result.output
    assert f"Wrote {out}" in result.output
    text = pdf_text(out)
    assert "Programme report" in text and "Sukasari" in text


def test_programme_refuses_an_empty_period(runner, trainees, tmp_path):
    result = runner.invoke(args=["reports", "programme", "--start", "2026-12-01", "--end", "2026-11-30",
                                 "--out", str(tmp_path / "x.pdf")])
    assert result.exit_code == 2
    assert "must not end before it starts" in result.output


def test_batch_selection_matches_assess_all(trainees):
    assert batch.programme_trainee_ids(as_of=TODAY) == [t.id for t in trainees]
    assert batch.resolve_kecamatan("32.73.01") == "32.73.01"
    assert batch.resolve_kecamatan("SUKASARI") == "32.73.01"
    assert batch.default_workers() >= 1


def _kelurahan_of(kecamatan_code: str) -> str:
    from trainees.models import Kelurahan

    return db.session.scalar(select(Kelurahan.code).where(Kelurahan.kecamatan_code == kecamatan_code)
                             .order_by(Kelurahan.code).limit(1))


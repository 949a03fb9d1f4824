"""Loan pages through the test client: roles, ownership, forms with bad input, the
four-eyes rule as the UI shows it, and the flows from application to receipt."""
from __future__ import annotations

import io
import re
from datetime import date
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from accounts.models import Role
from extensions import db
from loans.forms import parse_decimal, parse_money
from loans.models import FundingSource, Loan, LoanApplication, LoanProduct, LoanTransaction
from tests.test_security import INLINE

TODAY = date(2026, 3, 2)
EN = {"Accept-Language": "en"}


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch):
    """The views' "today" (Bandung's date) pinned, so dates in forms are deterministic."""
    import loans.views

    monkeypatch.setattr(loans.views, "today", lambda: TODAY)
    return TODAY


def text(response) -> str:
    return response.get_data(as_text=True)


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def product_form(**overrides) -> dict:
    form = dict(name="Modal Warung", description="", min_amount="1.000.000", max_amount="10.000.000",
                frequency="weekly", min_term="10", max_term="50", method="flat", amortization="equal_installments",
                annual_rate="18,5", max_grace_periods="0", rounding_multiple="100", fee_type="percent",
                fee_value="1,5", fee_timing="deducted", penalty_amount="", penalty_after_days="", is_active="y")
    form.update(overrides)
    return form


def application_form(trainee, product, **overrides) -> dict:
    form = dict(trainee_id=str(trainee.id), product_id=str(product.id), amount="5.000.000", term="12",
                grace_periods="0", purpose="Modal kerja", business_plan="Menambah stok dagangan.",
                monthly_revenue="10.000.000", monthly_costs="5.000.000", household_expenses="2.000.000",
                other_installments="0")
    form.update(overrides)
    return form


# --- Money parsing ------------------------------------------------------------------------


@pytest.mark.parametrize("typed, expected", [
    ("1.500.000", Decimal("1500000")), ("1500000", Decimal("1500000")), ("Rp 1.500.000", Decimal("1500000")),
    ("rp1.500", Decimal("1500")), (" 250.000 ", Decimal("250000")), ("0", Decimal("0")),
    ("1.500.000,00", Decimal("1500000.00")),
])
def test_money_is_parsed_the_indonesian_way(typed, expected):
    assert parse_money(typed) == expected


@pytest.mark.parametrize("typed", ["1,500,000", "1.5", "1.50.000", "abc", "-5.000", "1.500.000,50", "1e6", "", "Rp"])
def test_money_refuses_what_is_not_a_whole_rupiah_amount(typed):
    with pytest.raises(ValueError):
        parse_money(typed)


@pytest.mark.parametrize("typed, expected", [
    ("12", Decimal("12")), ("12,5", Decimal("12.5")), ("12.5", Decimal("12.5")), ("0,25", Decimal("0.25")),
    ("1.500", Decimal("1500")), ("18%", Decimal("18")),
])
def test_rates_accept_comma_or_point(typed, expected):
    assert parse_decimal(typed) == expected


# --- Products and funding sources (admin) -------------------------------------------------------


def test_admin_creates_a_product_typed_with_indonesian_numbers(client, login):
    login(Role.ADMIN)
    response = client.post("/loans/products/new", data=product_form())
    assert response.status_code == 302, text(response)[:2000]
    product = db.session.scalar(select(LoanProduct))
    assert (product.min_amount, product.max_amount) == (Decimal("1000000"), Decimal("10000000"))
    assert product.annual_rate == Decimal("18.5") and product.fee_value == Decimal("1.5")
    assert product.rounding_multiple == Decimal(100)
    listing = text(client.get("/loans/products"))
    assert "Modal Warung" in listing and "Rp 1.000.000" in listing


def test_bad_money_in_the_product_form_is_a_400_with_the_message_and_nothing_saved(client, login):
    login(Role.ADMIN)
    response = client.post("/loans/products/new", data=product_form(min_amount="1,5 juta"), headers=EN)
    assert response.status_code == 400
    assert "Enter a whole rupiah amount, such as 1.500.000 or 1500000." in text(response)
    assert 'value="1,5 juta"' in text(response)  # what was typed is shown back
    assert count(LoanProduct) == 0


def test_service_errors_land_on_the_product_fields(client, login):
    login(Role.ADMIN)
    response = client.post("/loans/products/new", data=product_form(min_amount="20.000.000"), headers=EN)
    assert response.status_code == 400
    assert "is-invalid" in text(response)
    assert count(LoanProduct) == 0


def test_financial_terms_of_a_product_in_use_cannot_change(client, login, factory):
    admin = login(Role.ADMIN)
    application = factory.application()
    product = application.product
    page = text(client.get(f"/loans/products/{product.id}/edit", headers=EN))
    assert "can no longer be changed" in page
    form = product_form(name=product.name, frequency="monthly", method="declining", min_amount="1.000.000",
                        max_amount="25.000.000", min_term="3", max_term="24", annual_rate="24",
                        rounding_multiple="100", fee_type="none", fee_value="0", max_grace_periods="2")
    response = client.post(f"/loans/products/{product.id}/edit", data=form, headers=EN)
    assert response.status_code == 400
    db.session.expire_all()
    assert db.session.get(LoanProduct, product.id).annual_rate == Decimal(12)
    assert admin


def test_funding_sources_show_committed_lent_and_available(client, login, factory):
    login(Role.ADMIN)
    source = factory.funding_source(name="CSR Bank Jabar", committed=Decimal(100_000_000))
    factory.loan(funding_source=source)
    page = text(client.get("/loans/funding"))
    assert "CSR Bank Jabar" in page
    assert "Rp 100.000.000" in page and "Rp 5.000.000" in page and "Rp 95.000.000" in page
    response = client.post("/loans/funding/new", data=dict(name="APBD 2027", kind="city_budget", partner_name="",
                                                           committed="2.500.000.000"))
    assert response.status_code == 302
    assert db.session.scalar(select(FundingSource.committed).where(FundingSource.name == "APBD 2027")) == Decimal(2_500_000_000)
    response = client.post(f"/loans/funding/{source.id}/edit", data=dict(name="CSR Bank Jabar", kind="csr",
                                                                       partner_name="", committed="satu juta"))
    assert response.status_code == 400


@pytest.mark.parametrize("path", ["/loans/products", "/loans/products/new", "/loans/funding", "/loans/funding/new"])
def test_products_and_funding_are_for_admins_only(client, login, path):
    login(Role.OFFICER)
    assert client.get(path).status_code == 403


# --- Applications ---------------------------------------------------------------------------


def test_officer_submits_an_application_with_indonesian_amounts(client, login, factory):
    officer = login(Role.OFFICER)
    trainee, product = factory.trainee(), factory.product()
    form_page = text(client.get(f"/loans/applications/new?trainee={trainee.id}"))
    assert f'<option selected value="{trainee.id}"' in form_page or f'value="{trainee.id}" selected' in form_page
    response = client.post("/loans/applications/new", data=application_form(trainee, product))
    assert response.status_code == 302, text(response)[:3000]
    application = db.session.scalar(select(LoanApplication))
    assert response.location == f"/loans/applications/{application.id}"
    assert application.amount == Decimal(5_000_000) and application.monthly_costs == Decimal(5_000_000)
    assert application.submitted_by_id == officer.id and application.status == "submitted"


def test_application_out_of_the_product_range_is_refused_on_the_field(client, login, factory):
    login(Role.OFFICER)
    trainee, product = factory.trainee(), factory.product()
    response = client.post("/loans/applications/new", data=application_form(trainee, product, amount="500.000"),
                           headers=EN)
    assert response.status_code == 400
    assert "the amount must be between Rp 1.000.000 and Rp 25.000.000" in text(response)
    assert count(LoanApplication) == 0
    response = client.post("/loans/applications/new", data=application_form(trainee, product, amount="lima juta"),
                           headers=EN)
    assert response.status_code == 400 and count(LoanApplication) == 0


@pytest.mark.parametrize("role", [Role.MENTOR, Role.TRAINEE])
def test_only_staff_submit_applications(client, login, role):
    login(role)
    assert client.get("/loans/applications/new").status_code == 403
    assert client.post("/loans/applications/new", data={}).status_code == 403


def test_submitter_cannot_approve_and_is_told_why(client, login, factory):
    officer = login(Role.OFFICER)
    application = factory.application(actor=officer)
    page = text(client.get(f"/loans/applications/{application.id}", headers=EN))
    assert 'id="four-eyes-note"' in page and "another officer or an administrator must" in page
    assert 'id="approve-button"' not in page
    response = client.post(f"/loans/applications/{application.id}/approve", data={}, headers=EN)
    assert response.status_code == 400
    assert "another person must approve it" in text(response)
    db.session.expire_all()
    assert db.session.get(LoanApplication, application.id).status == "submitted"


def test_second_officer_approves_a_flagged_application_only_with_a_justification(client, login, factory):
    application = factory.application(monthly_costs=Decimal(7_500_000))  # net income 500k: flagged
    assert application.is_flagged
    login(Role.OFFICER)
    page = text(client.get(f"/loans/applications/{application.id}", headers=EN))
    assert 'id="capacity-flag"' in page and 'id="approve-button"' in page
    response = client.post(f"/loans/applications/{application.id}/approve", data={"approve-justification": " "},
                           headers=EN)
    assert response.status_code == 400
    assert "write why it should be approved anyway" in text(response)
    db.session.expire_all()
    assert db.session.get(LoanApplication, application.id).status == "submitted"
    response = client.post(f"/loans/applications/{application.id}/approve",
                           data={"approve-justification": "Usaha musiman; pendapatan Lebaran tinggi."})
    assert response.status_code == 302
    db.session.expire_all()
    approved = db.session.get(LoanApplication, application.id)
    assert approved.status == "approved" and approved.decision_note.startswith("Usaha musiman")


def test_reject_needs_a_reason_and_withdraw_works(client, login, factory):
    login(Role.OFFICER)
    first = factory.application()
    response = client.post(f"/loans/applications/{first.id}/reject", data={"reject-reason": ""}, headers=EN)
    assert response.status_code == 400
    assert db.session.get(LoanApplication, first.id).status == "submitted"
    assert client.post(f"/loans/applications/{first.id}/reject",
                       data={"reject-reason": "Usaha belum berjalan."}).status_code == 302
    assert db.session.get(LoanApplication, first.id).status == "rejected"
    second = factory.application(trainee=first.trainee)
    assert client.post(f"/loans/applications/{second.id}/withdraw", data={}).status_code == 302
    assert db.session.get(LoanApplication, second.id).status == "withdrawn"
    # An application no longer submitted cannot be withdrawn again: 400 with the reason.
    response = client.post(f"/loans/applications/{second.id}/withdraw", data={}, headers=EN)
    assert response.status_code == 400 and "Only a submitted application can be withdrawn." in text(response)


def test_cancel_an_approved_application(client, login, factory):
    login(Role.ADMIN)
    application = factory.application(approve=True)
    response = client.post(f"/loans/applications/{application.id}/cancel", data={"cancel-reason": "Peserta pindah."})
    assert response.status_code == 302
    assert db.session.get(LoanApplication, application.id).status == "cancelled"


def test_mentor_sees_and_recommends_but_cannot_act(client, login, factory):
    mentor = factory.user(Role.MENTOR)
    application = factory.application(trainee=factory.trainee(mentor_id=mentor.id))
    login(mentor)
    page = text(client.get(f"/loans/applications/{application.id}", headers=EN))
    assert "recommend-text" in page
    assert 'id="decision-actions"' not in page
    response = client.post(f"/loans/applications/{application.id}/recommend",
                           data={"recommend-text": "Rajin ikut pelatihan."})
    assert response.status_code == 302
    assert db.session.get(LoanApplication, application.id).mentor_recommendation == "Rajin ikut pelatihan."
    for action in ("approve", "reject", "withdraw", "cancel", "disburse"):
        assert client.post(f"/loans/applications/{application.id}/{action}", data={}).status_code == 403
    assert client.get("/loans/applications").status_code == 200


def test_applications_of_other_mentors_and_trainees_are_hidden(client, login, factory):
    mine = factory.user(Role.MENTOR)
    application = factory.application(trainee=factory.trainee(mentor_id=factory.user(Role.MENTOR).id))
    login(mine)
    assert client.get(f"/loans/applications/{application.id}").status_code == 404
    assert client.post(f"/loans/applications/{application.id}/recommend",
                       data={"recommend-text": "x"}).status_code == 404
    assert application.trainee.full_name not in text(client.get("/loans/applications"))


def test_trainee_sees_own_application_without_any_action(client, login, factory):
    user = factory.user(Role.TRAINEE)
    own = factory.application(trainee=factory.trainee(user_id=user.id))
    other = factory.application()
    login(user)
    page = text(client.get(f"/loans/applications/{own.id}"))
    assert "<form method=\"post\" action=\"/loans" not in page
    assert client.get(f"/loans/applications/{other.id}").status_code == 404
    listing = text(client.get("/loans/applications"))
    assert own.trainee.full_name in listing and other.trainee.full_name not in listing


def test_application_list_filters_by_status_and_officer(client, login, factory):
    login(Role.ADMIN)
    officer = factory.user(Role.OFFICER)
    a = factory.application(trainee=factory.trainee(full_name="Ani Officer", officer_id=officer.id))
    b = factory.application(trainee=factory.trainee(full_name="Budi Lain"), approve=True)
    page = text(client.get(f"/loans/applications?officer={officer.id}"))
    assert "Ani Officer" in page and "Budi Lain" not in page
    page = text(client.get("/loans/applications?status=approved"))
    assert "Budi Lain" in page and "Ani Officer" not in page
    assert a and b


def test_disclosure_page_and_pdf(client, login, factory):
    login(Role.OFFICER)
    application = factory.application(approve=True)
    page = client.get(f"/loans/applications/{application.id}/disclosure")
    assert page.status_code == 200 and page.mimetype == "text/html"
    assert "'sha256-" in page.headers["Content-Security-Policy"]
    assert "Rp 5.000.000" in text(page)
    pdf = client.get(f"/loans/applications/{application.id}/disclosure.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert "filename=" in pdf.headers["Content-Disposition"] and pdf.data.startswith(b"%PDF")


# --- Disbursement ------------------------------------------------------------------------------


def test_disbursement_refuses_more_than_the_source_has(client, login, factory):
    login(Role.OFFICER)
    application = factory.application(approve=True)
    poor = factory.funding_source(name="Dana Kecil", committed=Decimal(1_000_000))
    page = text(client.get(f"/loans/applications/{application.id}/disburse", headers=EN))
    assert "Dana Kecil (available Rp 1.000.000)" in page
    data = {"disbursed_on": "2026-03-01", "funding_source_id": str(poor.id), "method": "bank_transfer", "reference": "TRF-1"}
    response = client.post(f"/loans/applications/{application.id}/disburse", data=data, headers=EN)
    assert response.status_code == 400
    assert "does not have enough money" in text(response)
    assert count(Loan) == 0
    rich = factory.funding_source()
    response = client.post(f"/loans/applications/{application.id}/disburse",
                           data=dict(data, funding_source_id=str(rich.id)))
    loan = db.session.scalar(select(Loan))
    assert response.status_code == 302 and response.location == f"/loans/{loan.id}"
    assert loan.disbursed_on == date(2026, 3, 1) and loan.funding_source_id == rich.id
    assert len(loan.installments) == 12


def test_disbursement_of_a_submitted_application_is_refused(client, login, factory):
    login(Role.OFFICER)
    application = factory.application()
    page = client.get(f"/loans/applications/{application.id}/disburse", headers=EN)
    assert page.status_code == 200 and "Only an approved application can be disbursed." in text(page)
    response = client.post(f"/loans/applications/{application.id}/disburse",
                           data={"disbursed_on": "2026-03-01", "funding_source_id": "", "method": "cash"})
    assert response.status_code == 400 and count(Loan) == 0


# --- The loan: repayments, reversal, write-off, receipts --------------------------------------


@pytest.fixture
def loan(factory):
    return factory.loan(on=date(2026, 1, 10))


def repayment(key="k" * 20, **overrides) -> dict:
    data = {"paid_on": "2026-02-10", "amount": "444.300", "method": "cash", "reference": "", "idempotency_key": key}
    data.update(overrides)
    return data


def test_loan_page_shows_schedule_states_balances_and_a_fresh_key(client, login, loan):
    login(Role.OFFICER)
    page = text(client.get(f"/loans/{loan.id}", headers=EN))
    assert page.count('data-number="') == 12
    assert 'class="installment-overdue"' in page  # 10 Feb is past due on 2 Mar
    assert 'id="total-outstanding"' in page and 'id="days-past-due">20 ' in page
    keys = re.findall(r'name="idempotency_key" type="hidden" value="([^"]+)"', page)
    assert len(keys) == 1 and len(keys[0]) >= 16
    again = text(client.get(f"/loans/{loan.id}"))
    assert keys[0] not in again  # a new key for each rendering of the form


def test_repayment_posts_once_per_key_and_updates_the_page(client, login, loan):
    login(Role.OFFICER)
    first = client.post(f"/loans/{loan.id}/repayments", data=repayment())
    assert first.status_code == 302, text(first)[:3000]
    # The flash message is rendered in the language of the POST that creates it.
    second = client.post(f"/loans/{loan.id}/repayments", data=repayment(), headers=EN)
    assert second.status_code == 302
    assert count(LoanTransaction) == 1
    page = text(client.get(f"/loans/{loan.id}", headers=EN))
    assert "already recorded" in page
    assert 'class="installment-paid" data-number="1"' in page
    txn = db.session.scalar(select(LoanTransaction))
    assert txn.amount == Decimal(444_300) and txn.posted_by.role == "officer"


def test_idempotency_key_header_for_non_form_clients(client, login, loan):
    login(Role.OFFICER)
    data = repayment(key="")
    headers = {"Idempotency-Key": "kasir-2026-02-10-0001"}
    assert client.post(f"/loans/{loan.id}/repayments", data=data, headers=headers).status_code == 302
    assert client.post(f"/loans/{loan.id}/repayments", data=data, headers=headers).status_code == 302
    assert db.session.scalar(select(LoanTransaction.idempotency_key)) == "kasir-2026-02-10-0001"
    assert count(LoanTransaction) == 1


@pytest.mark.parametrize("overrides, message", [
    ({"amount": "empat ratus ribu"}, "Enter a whole rupiah amount"),
    ({"amount": "0"}, "above zero"),
    ({"paid_on": "2026-03-03"}, "cannot be in the future"),
    ({"paid_on": "2026-01-01"}, "cannot be before the disbursement"),
    ({"amount": "999.000.000"}, "more than everything the loan still owes"),
    ({"idempotency_key": ""}, "Please enter the payment again."),
])
def test_bad_repayments_are_400_with_the_reason_and_nothing_posted(client, login, loan, overrides, message):
    login(Role.OFFICER)
    response = client.post(f"/loans/{loan.id}/repayments", data=repayment(**overrides), headers=EN)
    assert response.status_code == 400
    assert message in text(response)
    assert count(LoanTransaction) == 0


def test_reversal_needs_a_reason_and_keeps_the_transaction(client, login, loan):
    login(Role.OFFICER)
    client.post(f"/loans/{loan.id}/repayments", data=repayment())
    txn = db.session.scalar(select(LoanTransaction))
    response = client.post(f"/loans/{loan.id}/transactions/{txn.id}/reverse", data={f"reverse-{txn.id}-reason": ""})
    assert response.status_code == 400
    response = client.post(f"/loans/{loan.id}/transactions/{txn.id}/reverse",
                           data={f"reverse-{txn.id}-reason": "Salah input."})
    assert response.status_code == 302
    db.session.expire_all()
    txn = db.session.get(LoanTransaction, txn.id)
    assert txn.is_reversed and txn.reversal_reason == "Salah input."
    page = text(client.get(f"/loans/{loan.id}", headers=EN))
    assert "Reversed" in page and 'class="installment-overdue" data-number="1"' in page
    other = factory_loan_txn_missing = client.post(f"/loans/{loan.id}/transactions/999999/reverse",
                                                    data={"reverse-999999-reason": "x"})
    assert other.status_code == 404 and factory_loan_txn_missing


def test_write_off_is_for_admins_and_then_payments_are_recoveries(app, client, login, factory, loan):
    officer_client = app.test_client()
    login(Role.OFFICER, client=officer_client)
    assert officer_client.post(f"/loans/{loan.id}/write-off", data={"writeoff-reason": "x"}).status_code == 403
    login(Role.ADMIN)
    assert client.post(f"/loans/{loan.id}/write-off", data={"writeoff-reason": ""}).status_code == 400
    assert client.post(f"/loans/{loan.id}/write-off", data={"writeoff-reason": "Usaha tutup."}).status_code == 302
    assert db.session.get(Loan, loan.id).status == "written_off"
    page = text(client.get(f"/loans/{loan.id}", headers=EN))
    assert "Record a recovery payment" in page
    response = client.post(f"/loans/{loan.id}/repayments", data=repayment(paid_on="2026-03-02", amount="100.000"))
    assert response.status_code == 302
    assert db.session.scalar(select(LoanTransaction.kind)) == "recovery"


def test_receipt_page_and_pdf_show_the_amount(client, login, loan):
    from pypdf import PdfReader

    login(Role.OFFICER)
    client.post(f"/loans/{loan.id}/repayments", data=repayment())
    txn = db.session.scalar(select(LoanTransaction))
    page = client.get(f"/loans/{loan.id}/transactions/{txn.id}/receipt")
    assert page.status_code == 200 and "Rp 444.300" in text(page)
    pdf = client.get(f"/loans/{loan.id}/transactions/{txn.id}/receipt.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert re.search(r'attachment; filename="[^"]+\.pdf"', pdf.headers["Content-Disposition"])
    content = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages)
    assert "444.300" in content
    # A transaction of another loan is not reachable through this loan.
    assert client.get(f"/loans/{loan.id}/transactions/{txn.id + 1}/receipt").status_code == 404


def test_mentor_views_trainee_loans_without_forms_and_trainee_only_own(app, login, factory):
    mentor = factory.user(Role.MENTOR)
    trainee_user = factory.user(Role.TRAINEE)
    trainee = factory.trainee(mentor_id=mentor.id, user_id=trainee_user.id)
    loan = factory.loan(application=factory.application(trainee=trainee, approve=True))
    other = factory.loan()
    for user in (mentor, trainee_user):
        client = app.test_client()
        login(user, client=client)
        page = text(client.get(f"/loans/{loan.id}"))
        assert 'id="schedule-table"' in page and "<form method=\"post\" action=\"/loans" not in page
        assert client.get(f"/loans/{other.id}").status_code == 404
        assert client.post(f"/loans/{loan.id}/repayments", data=repayment()).status_code == 403
        listing = text(client.get("/loans/"))
        assert f"/loans/{loan.id}\"" in listing and f"/loans/{other.id}\"" not in listing
    assert count(LoanTransaction) == 0


def test_trainee_detail_lists_the_loans(client, login, factory):
    login(Role.OFFICER)
    loan = factory.loan()
    page = text(client.get(f"/trainees/{loan.trainee_id}", headers=EN))
    assert 'id="trainee-loans"' in page and f"/loans/{loan.id}" in page
    assert f"/loans/applications/new?trainee={loan.trainee_id}" in page


# --- Portfolio and collection ---------------------------------------------------------------


def test_portfolio_collection_and_exports(client, login, factory):
    login(Role.OFFICER)
    loan = factory.loan(on=date(2026, 1, 10))
    page = client.get("/loans/portfolio", headers=EN)
    assert page.status_code == 200
    body = text(page)
    assert 'id="par-30"' in body and loan.trainee.full_name in body
    assert client.get("/loans/portfolio?bucket=1-30&kecamatan=32.73.01&officer=x").status_code == 200
    csv = client.get("/loans/portfolio.csv")
    assert csv.status_code == 200 and csv.mimetype == "text/csv" and loan.trainee.full_name in text(csv)
    xlsx = client.get("/loans/portfolio.xlsx")
    assert xlsx.status_code == 200 and xlsx.data[:2] == b"PK"
    collection = text(client.get("/loans/collection", headers=EN))
    assert loan.trainee.full_name in collection and loan.trainee.phone in collection


@pytest.mark.parametrize("role", [Role.MENTOR, Role.TRAINEE])
@pytest.mark.parametrize("path", ["/loans/portfolio", "/loans/portfolio.csv", "/loans/collection"])
def test_portfolio_is_for_staff(client, login, role, path):
    login(role)
    assert client.get(path).status_code == 403


def test_loan_pages_use_nothing_the_csp_would_block(client, login, factory):
    admin = login(Role.ADMIN)
    loan = factory.loan()
    client.post(f"/loans/{loan.id}/repayments", data=repayment())
    submitted = factory.application()
    paths = ["/loans/", f"/loans/{loan.id}", "/loans/applications", "/loans/applications/new",
             f"/loans/applications/{submitted.id}", f"/loans/applications/{loan.application_id}/disburse",
             "/loans/products", "/loans/products/new", f"/loans/products/{loan.product_id}/edit", "/loans/funding",
             "/loans/funding/new", f"/loans/funding/{loan.funding_source_id}/edit", "/loans/portfolio",
             "/loans/collection"]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        page = text(response)
        for pattern, what in INLINE:
            match = pattern.search(page)
            assert match is None, f"{path} has an {what}: {page[match.start():match.start() + 80]!r}"
    assert admin


def test_collection_list_pages_its_instalments(client, login, factory, monkeypatch):
    import loans.views

    login(Role.OFFICER)
    factory.loan(on=date(2026, 1, 10))  # 12 monthly instalments, Feb 2026 .. Jan 2027
    monkeypatch.setattr(loans.views, "today", lambda: date(2026, 11, 28))  # 10 to collect
    monkeypatch.setattr(loans.views, "COLLECTION_PER_PAGE", 4)
    first = text(client.get("/loans/collection", headers=EN))
    numbers_first = re.findall(r"#(\d+)</span>", first)
    assert numbers_first == ["1", "2", "3", "4"]
    assert "page=2" in first
    second = text(client.get("/loans/collection?page=2", headers=EN))
    assert re.findall(r"#(\d+)</span>", second) == ["5", "6", "7", "8"]


def _statements_for(client, url) -> int:
    from sqlalchemy import event

    seen: list[str] = []

    def on_execute(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", on_execute)
    try:
        assert client.get(url, headers=EN).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", on_execute)
    return len(seen)


@pytest.mark.parametrize("url", ["/loans/", "/loans/applications", "/loans/portfolio", "/loans/collection"])
def test_loan_lists_run_a_constant_number_of_queries(client, login, factory, url):
    login(Role.OFFICER)
    source = factory.funding_source()
    factory.loan(funding_source=source)
    factory.application()
    few = _statements_for(client, url)
    for _ in range(5):
        factory.loan(funding_source=source)
        factory.application()
    assert _statements_for(client, url) == few

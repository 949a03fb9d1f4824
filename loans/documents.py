"""Printed loan documents: the pre-disbursement disclosure and the repayment receipt.

Each document is one Jinja template under ``templates/loans/print/`` rendered in two
ways from the same context: as a printable HTML page (``disclosure_html``,
``receipt_html``) and as a PDF through WeasyPrint (``disclosure_pdf``, ``receipt_pdf``).

The documents are for the trainee, so they are always rendered in Indonesian
(``DOCUMENT_LOCALE``) whatever the officer's UI language; the templates still use
``_()`` (English msgids, Indonesian through the catalogue) like the rest of the UI.

The stylesheet is inlined (``{% include "loans/print/print.css" %}`` inside ``<style>``):
no ``/static`` URL, so WeasyPrint never fetches anything (its URL fetcher here accepts
only ``data:`` URLs and fails the rendering on anything else). A browser showing the
HTML page needs the inline style allowed by the Content-Security-Policy: views send
``print_csp(html)`` as that header.
"""
from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from flask import render_template
from flask_babel import force_locale, format_decimal
from flask_babel import lazy_gettext as _l

from loans.models import (
    ZERO, FeeTiming, FeeType, Frequency, LoanApplication, LoanStatus, LoanTransaction, Method,
    PaymentMethod, TransactionKind,
)

#: Language of every printed document (the trainee's).
DOCUMENT_LOCALE = "id"

DISCLOSURE_TEMPLATE = "loans/print/disclosure.html"
RECEIPT_TEMPLATE = "loans/print/receipt.html"

#: The Content-Security-Policy of a printable page: the site's policy (app.CSP) with the
#: page's own inline stylesheet allowed by its hash.
_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' {style_hashes}; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
_STYLE_RE = re.compile(r"<style>(.*?)</style>", re.DOTALL)


@dataclass(frozen=True)
class ScheduleRow:
    """One line of the disclosure's schedule table (rupiah). ``fee`` is the part of
    ``total`` that is neither principal nor interest (the admin fee when it is added to
    the first instalment)."""

    number: int
    due_on: date | None
    principal: Decimal
    interest: Decimal
    fee: Decimal
    total: Decimal


@dataclass(frozen=True)
class AllocationLine:
    label: object  #: a lazy string
    amount: Decimal


def mask_nik(nik: str | None) -> str:
    """Every digit but the last four replaced by ``*``: ``3273014501850001`` ->
    ``************0001``."""
    if not nik:
        return ""
    return "*" * max(len(nik) - 4, 0) + nik[-4:]


def format_percent_value(value: Decimal | None, digits: int | None = None) -> str:
    """A percent figure (``Decimal("27.45")`` means 27.45 %) in the current locale:
    ``27,45%`` in Indonesian, ``27.45%`` in English. ``digits`` fixes the number of
    decimal places (rounded HALF_EVEN by Babel); None shows the value's own places up to
    four, without trailing zeros (``24%``, ``1,5%``)."""
    if value is None:
        return ""
    pattern = "#,##0." + "0" * digits if digits else "#,##0" if digits == 0 else "#,##0.####"
    return f"{format_decimal(value, format=pattern)}%"


# -- contexts (shared by the HTML pages and the PDFs) ---------------------------------

def disclosure_context(application: LoanApplication, disclosure) -> dict:
    """Template context of ``loans/print/disclosure.html``.

    ``disclosure`` is ``loans.services.Disclosure`` (amount, fee_amount, fee_timing,
    net_disbursed, installments, total_interest, total_to_repay, total_cost_of_credit,
    effective_annual_rate, first_due_on, last_due_on); any object with those attributes
    will do. Amounts are rupiah Decimals; rates percent."""
    trainee = application.trainee
    rows = [
        ScheduleRow(
            number=i.number, due_on=i.due_on, principal=i.principal, interest=i.interest,
            fee=i.total - i.principal - i.interest, total=i.total,
        )
        for i in disclosure.installments
    ]
    fee_amount = disclosure.fee_amount or ZERO
    return {
        "document_locale": DOCUMENT_LOCALE,
        "application": application,
        "disclosure": disclosure,
        "trainee_name": trainee.full_name,
        "nik_masked": mask_nik(trainee.nik),
        "product_name": application.product.name,
        "frequency_label": Frequency(application.frequency).label,
        "method_label": Method(application.method).label,
        "has_fee": fee_amount > 0,
        "fee_is_percent": application.fee_type == FeeType.PERCENT.value,
        "fee_timing_label": FeeTiming(disclosure.fee_timing).label,
        "fee_deducted": disclosure.fee_timing == FeeTiming.DEDUCTED.value,
        "has_penalty": bool(application.penalty_amount),
        "rows": rows,
        "has_fee_column": any(row.fee for row in rows),
        "officer_name": trainee.officer.full_name if trainee.officer else None,
        "percent": format_percent_value,
    }


def receipt_context(transaction: LoanTransaction) -> dict:
    """Template context of ``loans/print/receipt.html`` for a repayment or recovery."""
    loan = transaction.loan
    excess_label = (_l("Recovered after write-off") if transaction.kind == TransactionKind.RECOVERY.value
                    else _l("Paid beyond the balance"))
    # In the order the allocation applies them: penalties, fees, interest, principal.
    lines = [
        AllocationLine(label, amount)
        for label, amount in (
            (_l("Late penalty"), transaction.penalty_part),
            (_l("Administration fee"), transaction.fee_part),
            (_l("Interest"), transaction.interest_part),
            (_l("Principal"), transaction.principal_part),
            (excess_label, transaction.excess_part),
        )
        if amount
    ]
    return {
        "document_locale": DOCUMENT_LOCALE,
        "transaction": transaction,
        "loan": loan,
        "receipt_number": receipt_number(transaction),
        "trainee_name": loan.trainee.full_name,
        "kind_label": TransactionKind(transaction.kind).label,
        "method_label": PaymentMethod(transaction.method).label,
        "allocation": lines,
        "posted_by_name": transaction.posted_by.full_name,
        "outstanding_after": outstanding_after(transaction),
        "loan_status_label": LoanStatus(loan.status).label,
        "is_reversed": transaction.is_reversed,
        "reversed_by_name": transaction.reversed_by.full_name if transaction.reversed_by else None,
    }


def receipt_number(transaction: LoanTransaction) -> str:
    """The receipt number printed for a transaction: its id, zero-padded to 8 digits."""
    return f"{transaction.id:08d}"


def outstanding_after(transaction: LoanTransaction) -> Decimal:
    """Rupiah still owed on the loan right after ``transaction``, computed from the stored
    instalments and allocations (no service call): everything due on the instalments
    (principal, interest, fees, penalties charged so far) less the allocated parts of the
    loan's live transactions up to and including this one, in posting order (paid_on,
    id). A reversed transaction counts for nothing, so its receipt shows the balance as
    if it had never been paid. Never negative; excess/recovery amounts are not counted."""
    loan = transaction.loan
    due = sum((i.total_due for i in loan.installments), ZERO)
    cutoff = (transaction.paid_on, transaction.id)
    paid = sum(
        (t.principal_part + t.interest_part + t.fee_part + t.penalty_part
         for t in loan.transactions
         if not t.is_reversed and (t.paid_on, t.id) <= cutoff),
        ZERO,
    )
    return max(due - paid, ZERO)


# -- rendering ------------------------------------------------------------------------

def disclosure_html(application: LoanApplication, disclosure, *, back_url: str | None = None) -> str:
    """The disclosure as a printable HTML page (Indonesian). ``back_url`` adds a
    screen-only link back to the application."""
    return _render(DISCLOSURE_TEMPLATE, disclosure_context(application, disclosure), back_url)


def receipt_html(transaction: LoanTransaction, *, back_url: str | None = None) -> str:
    """The receipt as a printable HTML page (Indonesian)."""
    return _render(RECEIPT_TEMPLATE, receipt_context(transaction), back_url)


def disclosure_pdf(application: LoanApplication, disclosure) -> bytes:
    """The disclosure ("Ringkasan Informasi Pinjaman") as an A4 PDF."""
    return html_to_pdf(disclosure_html(application, disclosure))


def receipt_pdf(transaction: LoanTransaction) -> bytes:
    """The receipt of a repayment as an A6 PDF."""
    return html_to_pdf(receipt_html(transaction))


def disclosure_filename(application: LoanApplication) -> str:
    return f"ringkasan-pinjaman-{application.id}.pdf"


def receipt_filename(transaction: LoanTransaction) -> str:
    return f"kuitansi-{receipt_number(transaction)}.pdf"


def print_csp(html: str) -> str:
    """Content-Security-Policy for serving ``html`` (a page rendered here) in a browser:
    the site's policy plus the sha256 of each inline ``<style>`` element."""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(css.encode()).digest()).decode() + "'"
        for css in _STYLE_RE.findall(html)
    )
    return _CSP.format(style_hashes=hashes)


def html_to_pdf(html: str) -> bytes:
    """Render an HTML string with WeasyPrint. Nothing is fetched: ``base_url`` is None and
    any URL other than ``data:`` stops the rendering with an error."""
    # Imported here: WeasyPrint loads Pango through cffi, which the rest of the app
    # (and its start-up) does not need.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)
    return HTML(string=html, base_url=None, url_fetcher=fetcher).write_pdf()


def _render(template: str, context: dict, back_url: str | None) -> str:
    with force_locale(DOCUMENT_LOCALE):
        return render_template(template, back_url=back_url, **context)

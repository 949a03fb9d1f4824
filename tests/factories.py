"""One place that builds valid objects, through the services (so they obey every rule)."""
from __future__ import annotations

import itertools
from datetime import date, datetime, timezone

from accounts import services as account_services
from accounts.models import Role, User
from extensions import db
from trainees import services as trainee_services
from trainees.identity import build_nik
from trainees.services import BusinessData, TraineeData

_counter = itertools.count(1)


class Factory:
    PASSWORD = "kuat-sekali-2026"

    def __init__(self):
        self._admin = None

    def user(self, role: Role | str = Role.ADMIN, *, username: str | None = None, full_name: str | None = None,
             partner_id: int | None = None) -> User:
        role = Role(role)
        n = next(_counter)
        user = account_services.create_user(
            username=username or f"{role.value}{n}",
            full_name=full_name or f"{role.value.title()} {n}",
            role=role,
            password=self.PASSWORD,
            actor=None,
            partner_id=partner_id,
        )
        db.session.commit()
        return user

    @property
    def admin(self) -> User:
        if self._admin is None:
            self._admin = self.user(Role.ADMIN)
        return self._admin

    def trainee_data(self, **overrides) -> TraineeData:
        n = next(_counter)
        gender = overrides.get("gender", "F" if n % 2 else "M")
        born_on = overrides.get("born_on", date(1985 + n % 20, 1 + n % 12, 1 + n % 28))
        values = dict(
            nik=build_nik("327301", born_on, gender, n % 9999 + 1),
            full_name=f"Siti Peserta {n}",
            gender=gender,
            born_on=born_on,
            phone=f"0812{n:08d}",
            address=f"Jl. Sukasari No. {n}",
            rt="1",
            rw="2",
            kelurahan_code="32.73.01.1001",
            household_size=4,
            poverty_status="poor",
            welfare_decile=2,
            joined_on=date(2026, 1, 15),
            consent_on=date(2026, 1, 15),
            business=BusinessData(name=f"Warung {n}", sector="food"),
        )
        values.update(overrides)
        return TraineeData(**values)

    def trainee(self, *, actor: User | None = None, **overrides):
        trainee = trainee_services.register_trainee(
            self.trainee_data(**overrides), actor=actor or self.admin, today=date(2026, 11, 27)
        )
        db.session.commit()
        return trainee

    # --- Loans (issue 3): built through loans.services -------------------------------

    def product(self, *, actor: User | None = None, **overrides):
        """A monthly declining-balance product, Rp 1-25 million over 3-24 months at 12 %,
        instalments rounded to Rp 100, no fee, no penalty (override any field)."""
        from decimal import Decimal

        from loans import services as loan_services

        n = next(_counter)
        values = dict(
            name=f"Modal Usaha {n}", description=None,
            min_amount=Decimal(1_000_000), max_amount=Decimal(25_000_000), min_term=3, max_term=24,
            frequency="monthly", method="declining", amortization="equal_installments",
            annual_rate=Decimal(12), max_grace_periods=2, rounding_multiple=Decimal(100),
            fee_type="none", fee_value=Decimal(0), fee_timing="deducted",
            penalty_amount=None, penalty_after_days=None, requires_training=False, is_active=True,
        )
        values.update(overrides)
        product = loan_services.create_product(loan_services.ProductData(**values), actor=actor or self.admin)
        db.session.commit()
        return product

    def funding_source(self, *, actor: User | None = None, **overrides):
        from decimal import Decimal

        from loans import services as loan_services

        n = next(_counter)
        values = dict(name=f"APBD Kota Bandung {n}", kind="city_budget", partner_name=None,
                      committed=Decimal(1_000_000_000))
        values.update(overrides)
        source = loan_services.create_funding_source(**values, actor=actor or self.admin)
        db.session.commit()
        return source

    def application(self, *, trainee=None, product=None, actor: User | None = None,
                    on: date = date(2026, 1, 5), approve: bool = False, approver: User | None = None,
                    justification: str | None = None, **overrides):
        """A submitted application (approved by a second officer with ``approve=True``).
        Defaults: Rp 5,000,000 over 12 instalments; revenue 10 M, costs 5 M, household 2 M."""
        from decimal import Decimal

        from loans import services as loan_services

        trainee = trainee or self.trainee()
        product = product or self.product()
        values = dict(
            trainee_id=trainee.id, product_id=product.id, amount=Decimal(5_000_000), term=12,
            grace_periods=0, purpose="Modal kerja warung", business_plan="Menambah stok dagangan.",
            monthly_revenue=Decimal(10_000_000), monthly_costs=Decimal(5_000_000),
            household_expenses=Decimal(2_000_000), other_installments=Decimal(0),
        )
        values.update(overrides)
        application = loan_services.submit_application(
            loan_services.ApplicationData(**values), actor=actor or self.user(Role.OFFICER), on=on)
        if approve:
            loan_services.approve_application(application, actor=approver or self.user(Role.OFFICER),
                                              on=on, justification=justification)
        db.session.commit()
        return application

    def loan(self, *, application=None, funding_source=None, on: date = date(2026, 1, 10),
             actor: User | None = None, method: str = "cash", **application_overrides):
        """An active loan disbursed on ``on`` (by default from a fresh approved
        application and a fresh funding source)."""
        from loans import services as loan_services

        application = application or self.application(approve=True, **application_overrides)
        loan = loan_services.disburse(application, actor=actor or self.user(Role.OFFICER), on=on,
                                      funding_source=funding_source or self.funding_source(), method=method)
        db.session.commit()
        return loan

    # --- Mentoring (issue 4): built through mentoring.services -------------------------

    #: The "today" mentoring factories pass to the services (the ``today`` fixture's date).
    MENTORING_TODAY = date(2026, 11, 27)

    def mentor_session(self, trainees: list, *, mentor: User, held_on: date | None = None,
                       today: date | None = None, **overrides):
        """A session logged by ``mentor`` (its author) for ``trainees`` (one: individual,
        several: group). Defaults: held 2026-11-20, 60 minutes, field visit, topic
        bookkeeping, no notes, everyone attended (``absent=[ids]`` to change). ``today``
        defaults to ``held_on``, so any date is accepted."""
        from mentoring import services as mentoring_services

        held_on = held_on or date(2026, 11, 20)
        values = dict(
            held_on=held_on, starts_at=None, duration_minutes=60, mode="field_visit", kelurahan_code=None,
            topics=["bookkeeping"], topic_other=None, shared_notes=None, staff_notes=None,
            next_session_on=None, participants=[t.id for t in trainees], absent=[],
        )
        values.update(overrides)
        session = mentoring_services.log_session(
            mentoring_services.SessionData(**values), actor=mentor, today=today or held_on)
        db.session.commit()
        return session

    def action_item(self, trainee, *, actor: User, due_on: date = date(2026, 12, 4), owner: str = "trainee",
                    description: str = "Catat semua penjualan harian di buku kas", status: str = "open",
                    session=None, completed_on: date | None = None, today: date | None = None):
        """An action item for ``trainee`` added by ``actor`` (then set to ``status``,
        completed on ``completed_on``, default ``today``). ``today`` defaults to
        2026-11-27, or to a year after ``due_on`` when that is earlier."""
        from datetime import timedelta

        from mentoring import services as mentoring_services

        today = today or min(self.MENTORING_TODAY, due_on + timedelta(days=365))
        item = mentoring_services.add_action_item(
            trainee, mentoring_services.ActionData(description=description, due_on=due_on, owner=owner),
            actor=actor, today=today, session=session)
        if status != "open":
            mentoring_services.set_action_status(item, status, actor=actor, on=completed_on or today)
        db.session.commit()
        return item

    def checkin(self, trainee, *, actor: User, month: date, revenue=None, costs=None,
                today: date | None = None, **overrides):
        """The trainee's check-in for ``month`` (recorded again: replaced). Defaults:
        revenue Rp 3,000,000, costs Rp 2,000,000, other income 0, savings Rp 500,000, one
        unpaid worker, sells at the market, keeps records; ``confirmed=True`` so the sanity
        warnings never block. ``today`` defaults to the later of 2026-11-27 and ``month``."""
        from decimal import Decimal

        from mentoring import services as mentoring_services

        values = dict(
            month=month,
            revenue=Decimal("3000000") if revenue is None else Decimal(revenue),
            costs=Decimal("2000000") if costs is None else Decimal(costs),
            other_income=Decimal(0), savings=Decimal("500000"), paid_workers=0, unpaid_workers=1,
            channels=["market"], keeps_records=True, separates_money=False, practices=["records_sales"],
            confirmed=True,
        )
        values.update(overrides)
        checkin = mentoring_services.record_checkin(
            trainee, mentoring_services.CheckinData(**values), actor=actor,
            today=today or max(self.MENTORING_TODAY, month))
        db.session.commit()
        return checkin

    # --- Complaints (issue 6): built through complaints.services ----------------------

    #: Monday 23 Nov 2026, 10:00 in Bandung (03:00 UTC): when factory complaints are filed.
    COMPLAINT_NOW = datetime(2026, 11, 23, 3, 0, tzinfo=timezone.utc)
    #: The states ``complaint(status=...)`` can reach, in order of the normal path.
    COMPLAINT_PATH = ("received", "verified", "assigned", "in_progress", "answered", "closed")

    def trainee_with_login(self, **overrides):
        """A trainee record linked to a new login with the trainee role (``.user``)."""
        user = self.user(Role.TRAINEE)
        return self.trainee(user_id=user.id, **overrides)

    def complaint(self, *, channel: str = "staff", actor: User | None = None, trainee=None,
                  status: str = "received", assignee: User | None = None, admin: User | None = None,
                  now: datetime | None = None, ip: str = "203.0.113.7", attachment=None,
                  accused: User | None = None, **data):
        """A complaint filed through ``channel`` and moved along the normal path to
        ``status`` (received, verified, assigned, in_progress, answered, closed,
        not_authority, archived): verified and assigned by ``admin`` (default: the
        factory admin) to ``assignee`` (default: a new officer; a misconduct report: a new
        admin), answered by the assignee, closed by the complainant. Each step one hour
        after the previous, starting at ``now`` (default ``COMPLAINT_NOW``).

        ``channel="portal"``: filed by ``actor`` or by the login of ``trainee`` (a new
        trainee with a login by default). ``staff``: filed by ``actor`` (default the
        admin) for ``trainee`` if given. ``public``: no actor, from ``ip``. ``data``
        overrides the ComplaintData fields (kind, category, subject, description, ...);
        ``accused`` links the staff member a misconduct report is about at verification."""
        from datetime import timedelta

        from complaints import services as complaint_services

        admin = admin or self.admin
        now = now or self.COMPLAINT_NOW
        steps = iter(now + timedelta(hours=h) for h in itertools.count())
        values = dict(kind="complaint", category="loan", subject="Angsuran tercatat dua kali",
                      description="Angsuran bulan Oktober saya tercatat dua kali di kartu angsuran.")
        if data.get("kind") == "misconduct":
            values.update(category="staff_conduct", accused_description="Petugas lapangan kelurahan Sukasari")
        if channel == "portal":
            if actor is None:
                trainee = trainee or self.trainee_with_login()
                actor = db.session.get(User, trainee.user_id)
        elif channel == "staff":
            actor = actor or admin
            if trainee is not None:
                values["trainee_id"] = trainee.id
        else:
            actor = None
        values.update(data)
        complaint = complaint_services.file_complaint(
            complaint_services.ComplaintData(**values), channel=channel, actor=actor, now=next(steps),
            ip=ip if channel == "public" else None, attachment=attachment)
        db.session.commit()
        complainant = complaint.complainant_user
        if status in ("not_authority", "archived"):
            complaint_services.decline(complaint, status=status, reason="Bukan kewenangan program ini.",
                                       actor=admin, now=next(steps))
            db.session.commit()
            return complaint
        target = self.COMPLAINT_PATH.index(status)
        if target >= 1:
            complaint_services.verify(complaint, actor=admin, now=next(steps),
                                      accused_user_id=accused.id if accused else None)
        if target >= 2:
            if assignee is None:
                assignee = self.user(Role.ADMIN if complaint.is_misconduct else Role.OFFICER)
            complaint_services.assign(complaint, assignee, actor=admin, now=next(steps))
        if target >= 3:
            complaint_services.start_work(complaint, actor=assignee, now=next(steps))
        if target >= 4:
            complaint_services.answer(complaint, "Sudah kami perbaiki; angsuran ganda dihapus.", actor=assignee,
                                      now=next(steps))
        if target >= 5:
            complaint_services.close(complaint, actor=complainant, now=next(steps))
        db.session.commit()
        return complaint

    # --- Training (issue 7): built through training.services -------------------------

    #: The clock of the training builders (an aware UTC datetime; 2026-03-02 in Bandung).
    TRAINING_NOW = datetime(2026, 3, 2, 3, 0, tzinfo=timezone.utc)

    def programme(self, *, actor: User | None = None, **overrides):
        """A training programme with a three-topic curriculum (override any ProgrammeData field)."""
        from training import services as training_services

        n = next(_counter)
        values = dict(name=f"Pelatihan Wirausaha {n}", description="Dasar-dasar usaha mikro.",
                      curriculum="Pembukuan sederhana\nPemasaran\nRencana usaha")
        values.update(overrides)
        programme = training_services.create_programme(training_services.ProgrammeData(**values),
                                                       actor=actor or self.admin)
        db.session.commit()
        return programme

    def cohort(self, *, programme=None, actor: User | None = None, status: str = "planned", **overrides):
        """A cohort of ``programme`` (a new one by default) in kelurahan 32.73.01.1001,
        2026-03-02 to 2026-04-30, 20 seats, 75 % attendance rule; ``status``
        "running" starts it, "cancelled" cancels it (override any CohortData field)."""
        from training import services as training_services

        actor = actor or self.admin
        programme = programme or self.programme(actor=actor)
        n = next(_counter)
        values = dict(programme_id=programme.id, name=f"Angkatan {n}", trainer="Bu Rina Kartika",
                      kelurahan_code="32.73.01.1001", venue="Aula Kelurahan", starts_on=date(2026, 3, 2),
                      ends_on=date(2026, 4, 30), capacity=20, min_attendance_percent=75)
        values.update(overrides)
        cohort = training_services.create_cohort(training_services.CohortData(**values), actor=actor)
        if status == "running":
            training_services.start_cohort(cohort, actor=actor, now=self.TRAINING_NOW)
        elif status == "cancelled":
            training_services.cancel_cohort(cohort, "Peserta kurang.", actor=actor, now=self.TRAINING_NOW)
        elif status != "planned":
            raise ValueError(f"cohort(status={status!r}): use training.services for other states")
        db.session.commit()
        return cohort

    def enrolment(self, *, cohort=None, trainee=None, actor: User | None = None, now: datetime | None = None):
        """``trainee`` (a new one by default) enrolled in ``cohort`` (a new planned one by
        default): a seat if free, else the waiting list."""
        from training import services as training_services

        actor = actor or self.admin
        enrolment = training_services.enrol(cohort or self.cohort(actor=actor), trainee or self.trainee(actor=actor),
                                            actor=actor, now=now or self.TRAINING_NOW)
        db.session.commit()
        return enrolment

    def completed_enrolment(self, *, trainee=None, actor: User | None = None, **cohort_overrides):
        """``trainee`` (a new one by default) who completed a new cohort: one session
        attended, business plan handed in, cohort completed (certificate number set)."""
        from training import services as training_services

        actor = actor or self.admin
        cohort = self.cohort(actor=actor, **cohort_overrides)
        enrolment = self.enrolment(cohort=cohort, trainee=trainee, actor=actor)
        training_services.record_session(cohort, held_on=cohort.starts_on, topic="Pembukuan sederhana",
                                         duration_minutes=120, present_enrolment_ids={enrolment.id}, actor=actor,
                                         today=cohort.starts_on)
        training_services.mark_business_plan(enrolment, True, actor=actor, on=cohort.starts_on)
        training_services.complete_cohort(cohort, actor=actor, now=self.TRAINING_NOW)
        db.session.commit()
        return enrolment

    # --- CSR partners (issue 7): built through partners.services ----------------------

    def partner(self, *, actor: User | None = None, **overrides):
        """An active banking partner with a contact person (override any create_partner argument)."""
        from partners import services as partner_services

        n = next(_counter)
        values = dict(name=f"Bank Mitra {n} – CSR", sector="banking", contact_name=f"Dewi Kontak {n}",
                      contact_email=f"csr{n}@mitra.co.id", contact_phone="022 4234567", notes="")
        values.update(overrides)
        partner = partner_services.create_partner(actor=actor or self.admin, **values)
        db.session.commit()
        return partner

    def agreement(self, *, partner=None, actor: User | None = None, **overrides):
        """An agreement of ``partner`` (a new one by default): Rp 100,000,000 committed,
        signed 2026-01-01, no earmark (override any create_agreement argument)."""
        from decimal import Decimal

        from partners import services as partner_services

        n = next(_counter)
        values = dict(reference=f"PKS/{n:03d}/CSR/2026", amount_committed=Decimal(100_000_000),
                      signed_on=date(2026, 1, 1))
        values.update(overrides)
        agreement = partner_services.create_agreement(partner or self.partner(actor=actor),
                                                      actor=actor or self.admin, **values)
        db.session.commit()
        return agreement

    def funding(self, *, agreement=None, loan=None, amount=None, on: date | None = None, actor: User | None = None):
        """``amount`` (default: the whole principal) of ``loan`` (a new one by default)
        financed by ``agreement`` (a new unearmarked one by default) from ``on`` (default:
        the later of the signing and the disbursement)."""
        from partners import services as partner_services

        agreement = agreement or self.agreement(actor=actor)
        loan = loan or self.loan()
        funding = partner_services.fund_loan(
            agreement, loan, actor=actor or self.admin, amount=loan.principal if amount is None else amount,
            on=on or max(agreement.signed_on, loan.disbursed_on))
        db.session.commit()
        return funding

    def story(self, *, trainee=None, actor: User | None = None, status: str = "draft",
              consent_on: date = date(2026, 6, 1), withdrawn_on: date = date(2026, 9, 1), **overrides):
        """A story about ``trainee`` (a new one by default) in ``status`` draft,
        published (consent on ``consent_on``) or withdrawn (published, then consent
        withdrawn on ``withdrawn_on``)."""
        from partners import services as partner_services

        actor = actor or self.admin
        n = next(_counter)
        values = dict(title=f"Usaha yang tumbuh {n}",
                      body="Dengan pinjaman pertama, usaha kecil di rumah kini punya pelanggan tetap.")
        values.update(overrides)
        story = partner_services.create_story(trainee or self.trainee(actor=actor), actor=actor, **values)
        if status in ("published", "withdrawn"):
            partner_services.publish_story(story, actor=actor, consent_on=consent_on)
        if status == "withdrawn":
            partner_services.withdraw_story(story, actor=actor, on=withdrawn_on)
        elif status not in ("draft", "published"):
            raise ValueError(f"story(status={status!r}): draft, published or withdrawn")
        db.session.commit()
        return story

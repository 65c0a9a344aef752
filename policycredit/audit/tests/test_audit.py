"""Every service write leaves an audit event; the database refuses to rewrite one."""

import pytest
from django.db import DatabaseError, connection, transaction

from policycredit.accounts.models import User
from policycredit.audit.models import Action, AuditEvent
from policycredit.geo.models import TransactionPoint
from policycredit.geo.services import save_transaction_point

pytestmark = pytest.mark.django_db


def test_an_update_records_who_and_only_what_changed():
    director = User.objects.get(username="giamdoc")
    point = TransactionPoint.objects.first()
    old_day = point.day_of_month
    point.day_of_month = 28 if old_day != 28 else 27
    save_transaction_point(actor=director, instance=point)
    event = (
        AuditEvent.objects.filter(model="geo.transactionpoint", object_id=str(point.pk))
        .order_by("-id")
        .first()
    )
    assert event.action == Action.UPDATED and event.actor == director
    assert event.old == {"day_of_month": old_day}
    assert event.new == {"day_of_month": point.day_of_month}


def test_a_save_that_changes_nothing_writes_no_event():
    point = TransactionPoint.objects.first()
    before = AuditEvent.objects.count()
    save_transaction_point(actor=None, instance=point)
    assert AuditEvent.objects.count() == before


def test_a_day_of_month_of_32_is_refused_and_nothing_changes():
    from django.core.exceptions import ValidationError

    point = TransactionPoint.objects.first()
    point.day_of_month = 32
    with pytest.raises(ValidationError):
        save_transaction_point(actor=None, instance=point)
    point.refresh_from_db()
    assert point.day_of_month != 32


def test_the_orm_refuses_to_edit_or_delete_an_event():
    event = AuditEvent.objects.first()
    event.object_repr = "rewritten"
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()


def test_the_database_refuses_to_edit_an_event_even_in_raw_sql():
    event = AuditEvent.objects.first()
    with pytest.raises(DatabaseError), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE audit_auditevent SET object_repr = %s WHERE id = %s", ["x", event.pk]
            )
    event.refresh_from_db()
    assert event.object_repr != "x"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite keeps DELETE open")
def test_postgresql_refuses_to_delete_an_event_in_raw_sql():
    event = AuditEvent.objects.first()
    with pytest.raises(DatabaseError), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])


def test_admin_history_page_shows_the_audit_trail(client):
    director = User.objects.get(username="giamdoc")
    point = TransactionPoint.objects.first()
    point.address = "Số 2 Lò Đúc"
    save_transaction_point(actor=director, instance=point)
    client.force_login(User.objects.get(username="admin"))
    page = client.get(f"/geo/transactionpoint/{point.pk}/history/")
    assert page.status_code == 200
    assert "Số 2 Lò Đúc" in page.content.decode()
    # The person by name, not by the name they sign in with.
    assert director.get_full_name() in page.content.decode()


def test_opening_a_household_with_full_citizen_ids_is_logged(client):
    from policycredit.borrowers.models import Household

    officer = User.objects.get(username="tindung")
    household = Household.objects.first()
    client.force_login(officer)
    page = client.get(f"/borrowers/household/{household.pk}/change/")
    assert page.status_code == 200
    assert household.head.cccd in page.content.decode()
    viewed = AuditEvent.objects.filter(
        action=Action.SENSITIVE_VIEWED, model="borrowers.household", object_id=str(household.pk)
    )
    assert viewed.get().actor == officer


def test_lists_show_citizen_ids_masked(client):
    from policycredit.borrowers.models import Household

    client.force_login(User.objects.get(username="tindung"))
    household = Household.objects.order_by("code").first()
    body = client.get("/borrowers/household/").content.decode()
    assert household.head.cccd not in body
    assert "********" + household.head.cccd[-4:] in body


def test_a_password_set_by_the_administrator_is_audited_without_its_value(client):
    admin = User.objects.get(username="admin")
    teller = User.objects.get(username="giaodich")
    client.force_login(admin)
    response = client.post(
        f"/accounts/user/{teller.pk}/password/",
        {"password1": "Mật-khẩu-mới-2026", "password2": "Mật-khẩu-mới-2026"},
    )
    assert response.status_code == 302, response.content.decode()[:500]
    event = AuditEvent.objects.filter(model="accounts.user", object_id=str(teller.pk)).order_by(
        "-id"
    )[0]
    assert event.actor == admin and event.new == {"password": "(set)"}

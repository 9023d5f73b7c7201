import pytest
from django.urls import reverse

from abonent.testing.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def test_a_user_keeps_the_language_they_chose(client):
    member = MembershipFactory(role="cashier")
    client.force_login(member.user)
    response = client.post(reverse("set_language"), {"language": "ru", "next": "/"})
    assert response.status_code == 302
    member.user.refresh_from_db()
    assert member.user.language == "ru"
    client.cookies.clear()
    client.force_login(member.user)
    assert '<html lang="ru">' in client.get("/").content.decode()

"""Password reset is throttled per address and per client, and says nothing about
which addresses have accounts."""

import pytest
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db
THROTTLED = "Too many reset links have been asked for"


def ask(client, email, address="203.0.113.9"):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=address)


def test_one_address_gets_at_most_three_links_in_fifteen_minutes(
    client, settings, keyworker
):
    sent = [ask(client, keyworker.email) for _ in range(3)]
    refused = ask(client, keyworker.email, address="198.51.100.20")

    assert [r.status_code for r in sent] == [302, 302, 302]
    assert len(mail.outbox) == settings.PASSWORD_RESET_LIMIT_PER_EMAIL == 3
    assert refused.status_code == 429
    page = refused.content.decode()
    assert THROTTLED in page
    assert f'value="{keyworker.email}"' in page


def test_one_client_gets_at_most_ten_requests_in_fifteen_minutes(client, settings):
    answers = [ask(client, f"person{n}@example.org").status_code for n in range(11)]

    assert settings.PASSWORD_RESET_LIMIT_PER_CLIENT == 10
    assert answers == [302] * 10 + [429]


def test_another_client_asking_for_another_address_is_not_held_up(client, keyworker):
    for n in range(11):
        ask(client, f"person{n}@example.org")

    response = ask(client, keyworker.email, address="192.0.2.5")

    assert response.status_code == 302
    assert mail.outbox[-1].to == [keyworker.email]


def test_the_refusal_is_the_same_whether_or_not_the_address_has_an_account(
    client, keyworker
):
    def fourth_answer(email: str, address: str) -> tuple[int, bool]:
        for _ in range(3):
            ask(client, email, address)
        response = ask(client, email, address)
        return response.status_code, THROTTLED in response.content.decode()

    assert fourth_answer(keyworker.email, "192.0.2.1") == fourth_answer(
        "nobody@example.org", "192.0.2.2"
    )


def test_the_emailed_link_starts_with_the_site_url(client, settings, keyworker):
    settings.SITE_URL = "https://keywork.example.org/"

    ask(client, keyworker.email)

    assert "https://keywork.example.org/accounts/reset/" in mail.outbox[0].body


def test_mistyped_addresses_only_show_their_error_and_are_not_counted(
    client, keyworker
):
    mistyped = [ask(client, "not-an-address").status_code for _ in range(11)]

    response = ask(client, keyworker.email)

    assert mistyped == [200] * 11
    assert response.status_code == 302

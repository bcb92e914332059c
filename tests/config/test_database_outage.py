"""A request during a database outage gets a friendly page and keeps its text."""

from django.db import OperationalError

from config.middleware import DatabaseUnavailableMiddleware


def outage_response(request, error=None):
    middleware = DatabaseUnavailableMiddleware(lambda request: None)
    return middleware.process_exception(request, error or OperationalError("down"))


def test_outage_answers_503_and_shows_back_what_was_typed(rf):
    request = rf.post(
        "/caseload/participants/1/contacts/new/",
        {
            "notes": "Evicted this morning; staying with a friend.",
            "csrfmiddlewaretoken": "token",
            "new_password1": "secret-value",
        },
    )

    response = outage_response(request)

    body = response.content.decode()
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "Evicted this morning; staying with a friend." in body
    assert "secret-value" not in body
    assert "token" not in body


def test_typed_text_is_shown_escaped(rf):
    request = rf.post("/x/", {"notes": "<script>alert(1)</script>"})

    body = outage_response(request).content.decode()

    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;" in body


def test_other_errors_are_left_to_the_usual_handling(rf):
    request = rf.get("/")

    assert outage_response(request, ValueError("bug")) is None

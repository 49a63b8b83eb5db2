from tests.helpers import count_rows, stored, submit


def test_healthz_answers_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_data(as_text=True) == "ok"


def test_a_submission_is_stored_once(app, client):
    answers = {"happy_with_iro": "yes", "how_took_part": ["phone", "advocate"]}
    response = submit(client, "/q/lac-review-child/child", answers)
    assert response.status_code == 303
    [row] = stored(app)
    assert row["answers"] == {"happy_with_iro": ["yes"], "how_took_part": ["phone", "advocate"]}
    assert row["variant"] == "child"
    assert count_rows(app)["responses"] == 1

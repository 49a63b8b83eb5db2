"""Fuzzing every public route: malformed and hostile requests never get a 5xx and store nothing.

The routes come from the app's own url_map (every rule outside /staff/ but static), so a new
public page is fuzzed without anyone adding it here. Each hypothesis example draws one hostile
set of answers and sends it as several requests (REQUESTS_PER_EXAMPLE), each with any method,
real or random URL arguments (questionnaire slugs and variants, fresh, used, expired, unknown
and mangled invitation codes), and a body that is a hostile form (missing, wrong or valid CSRF
token, unknown fields, repeated fields, the honeypot, wrong option values, script tags, SQL
fragments, null bytes and control characters, right-to-left marks, emoji and combining
characters), a form with invalid UTF-8, random bytes under a random content type, JSON, or a
field near or over the 256 KB request limit. Some examples replay the session of a code already
used.

The property is exact: a request that is not answered with a 303 to a thank-you page stores
nothing at all; one that is stores at most one response (none when the honeypot was filled in
or the code was replayed), with only its variant's questions, options that exist and the text
that was sent, cleaned. Stored rows are deleted after each request that stored them, so "nothing stored" is a
single count query. ``FUZZ_EXAMPLES`` changes the number of requests (10,000 by default): about
45 s of CPU on this project's 2-core machine.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from datetime import timedelta
from urllib.parse import quote, quote_from_bytes

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text
from werkzeug.datastructures import MultiDict

from feedback_app.extensions import db
from feedback_app.invitations import codes
from feedback_app.privacy import today
from forms.builder import clean_text
from tests.helpers import csrf_token, example_answers

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "10000"))
#: Requests sent for each drawn example, each to a route, method, encoding and CSRF token of its own.
REQUESTS_PER_EXAMPLE = 8
#: Every public route must be hit at least this often (out of EXAMPLES).
EACH_ROUTE_AT_LEAST = max(1, EXAMPLES // 200)

COUNTS = text(
    "SELECT (SELECT count(*) FROM responses), (SELECT count(*) FROM answers), "
    "(SELECT count(*) FROM contact_details), (SELECT count(*) FROM safeguarding_flags), "
    "(SELECT count(*) FROM representations), (SELECT count(*) FROM audit_events), "
    "(SELECT count(*) FROM staff_users), (SELECT count(*) FROM invitation_batches), "
    "(SELECT count(*) FROM used_cards)"
)
COUNTED = ("responses", "answers", "contact_details", "safeguarding_flags", "representations", "audit_events",
           "staff_users", "invitation_batches", "used_codes")
#: Emptying the tables a stored response writes to, after each example that stored one.
DELETE_RESPONSES = [text("DELETE FROM safeguarding_flags"), text("DELETE FROM representations"),
                    text("DELETE FROM contact_details"), text("DELETE FROM answers"), text("DELETE FROM responses")]

SCRIPT = "<script>alert('fuzz')</script>"
IMG = '"><img src=x onerror=alert(1)>'
#: Markup that must never come back unescaped in any page.
RAW_MARKUP = (b"<script>alert(", b"<img src=x onerror", b"<svg onload")
HOSTILE = [
    SCRIPT, IMG, "<svg onload=alert(1)>", "javascript:alert(1)", "{{ 7*7 }}", "{% debug %}", "${7*7}",
    "'; DROP TABLE responses; --", "1 OR 1=1", "' UNION SELECT password_hash FROM staff_users --",
    "Robert'); DELETE FROM answers;--", "\x00", "a\x00b", "\x01\x02\x1b[31m", "\r\n\r\nX-Injected: 1",
    "\u202eevil\u202c", "\u200f\u200e", "\u200b", "\ufeff", "e\u0301\u0301\u0301", "Z\u0351\u0352\u0353\u0354",
    "\U0001f600\U0001f4a9", "\U0001f469\u200d\U0001f467", "\ud7ff", "\uffff", "%ff%fe", "%00", "../../etc/passwd",
    "my dad hits me " + SCRIPT, "=HYPERLINK(\"http://x\")", "+cmd|' /C calc'!A0", "@SUM(1)", "-1", "",
    " ", "0", "true", "null", "[]", "{}", "NaN", "9" * 40, "yes", "no", "initial", "review", "other",
]
METHODS = ["GET", "POST", "HEAD", "PUT", "DELETE", "PATCH", "OPTIONS"]
CONTENT_TYPES = [
    "application/x-www-form-urlencoded", "multipart/form-data", "multipart/form-data; boundary=x",
    "multipart/form-data; boundary=", "text/plain", "application/json", "application/xml", "",
    "application/x-www-form-urlencoded; charset=utf-16", "application/x-www-form-urlencoded; charset=nonsense",
    "multipart/mixed; boundary=zz", "image/png", "\x00/\x00", "text/html; charset=utf-8",
]
PAGED_FIELDS = ["_step", "_go", "_return"]
PAGED_VALUES = ["next", "back", "send", "change-", "change-comments", "change-nope", "-1", "99999999999999999999",
                "1e3", "1", "0"]


def _public_rules(app):
    return [rule for rule in app.url_map.iter_rules()
            if rule.endpoint != "static" and not rule.rule.startswith("/staff")]


def _make_codes(app, questionnaires):
    """Fresh codes, codes already used (and the session each was opened with), expired codes."""
    with app.app_context():
        _, fresh = codes.create_batch(questionnaires=["cp-conference-parent", "lac-review-child"],
                                      meeting_type="initial_cp_conference", month="2026-11", team="North",
                                      cards_each=40, created_by="chair@council.example")
        old, expired = codes.create_batch(questionnaires=["cp-conference-parent"], meeting_type="lac_review",
                                          month="2020-01", team=None, cards_each=5, created_by="chair@council.example")
        old.created_on = today() - timedelta(days=400)
        db.session.commit()
    used, replayed_sessions = [], []
    for card in fresh[:3] + fresh[-3:]:
        client = app.test_client()
        assert client.get(f"/c/{card.code}").status_code == 302
        with client.session_transaction() as session:
            replayed_sessions.append(dict(session["invitation"]))
        questionnaire = questionnaires[card.questionnaire]
        url = f"/q/{card.questionnaire}"
        response = client.post(url, data={"csrf_token": csrf_token(client, url),
                                          **example_answers(questionnaire.variant())})
        assert response.status_code == 303
        used.append(card.code)
    with app.app_context():  # the setup's responses are not the fuzz's
        for statement in DELETE_RESPONSES:
            db.session.execute(statement)
        db.session.commit()
    unused = [card.code for card in fresh[3:-3]]
    return unused, used, [card.code for card in expired], replayed_sessions


def _mangled(code: str) -> list[str]:
    """A code as typed, well or badly."""
    return [code, codes.pretty(code), code.lower(), f" {code[:4]} - {code[4:]} ", code[:-1], code + "A",
            code.replace(code[0], "0"), code + "\x00", code[:4] + "\u2010" + code[4:]]


def _values(options: list[str]) -> st.SearchStrategy[str]:
    hostile = st.sampled_from(HOSTILE)
    return st.one_of(
        hostile,
        st.sampled_from(options) if options else hostile,
        st.text(max_size=30),
        st.tuples(hostile, st.text(max_size=8), hostile).map("".join),
        st.tuples(hostile, st.integers(1, 400)).map(lambda pair: pair[0] * pair[1]),
    )


def _raw_form(draw, fields: list[tuple[str, str]]) -> bytes:
    """A urlencoded body by hand: some names or values as invalid UTF-8 bytes, some not encoded at all."""
    parts = []
    for name, value in fields:
        name_bytes = quote(name, safe="").encode()
        kind = draw(st.sampled_from(["plain", "bytes", "raw", "broken"]))
        if kind == "bytes":
            value_bytes = quote_from_bytes(draw(st.binary(max_size=24))).encode()
        elif kind == "raw":
            value_bytes = value.encode("utf-8", "surrogatepass") + draw(st.binary(max_size=4))
        elif kind == "broken":
            value_bytes = draw(st.sampled_from([b"%ff%fe", b"%c3%28", b"%ed%a0%80", b"%", b"%g0", b"%e2%82",
                                                b"%f4%90%80%80", b"%c0%af", b"&&&", b"==="]))
        else:
            value_bytes = quote(value, safe="").encode()
        parts.append(name_bytes + b"=" + value_bytes)
    return b"&".join(parts)


def test_hostile_requests_to_every_public_route_get_no_5xx_and_store_nothing(app):
    questionnaires = app.extensions["questionnaires"]
    rules = _public_rules(app)
    assert {rule.endpoint for rule in rules} >= {"public.questionnaire", "public.paged", "public.code"}
    unused, used, expired, replayed_sessions = _make_codes(app, questionnaires)
    every_code = unused + used + expired
    all_question_ids = sorted({qid for q in questionnaires.values() for qid in q.question_ids})
    all_options = sorted({o.value for q in questionnaires.values() for question in q.questions
                          for o in question.options})
    slugs = sorted(questionnaires)
    weighted_rules = [rule for rule in rules for _ in range(3 if "POST" in rule.methods else 1)]
    client = app.test_client()
    other_client = app.test_client()  # its CSRF token belongs to another session
    foreign_token = csrf_token(other_client, "/q/have-your-say")
    hits: Counter[str] = Counter()
    outcomes: Counter[str] = Counter()

    with app.app_context():
        engine = db.engine

    def counts() -> dict[str, int]:
        with engine.connect() as connection:
            return dict(zip(COUNTED, connection.execute(COUNTS).one(), strict=True))

    code_texts = [mangled for code in every_code for mangled in _mangled(code)] + HOSTILE

    def url_for_rule(draw, rule, slug: str, variant: str, random_text: str) -> str:
        values: dict = {}
        for name in rule.arguments:
            if name == "slug":
                values[name] = slug
            elif name == "variant":
                values[name] = variant
            elif name == "code":
                values[name] = draw(st.sampled_from(code_texts)) if draw(st.integers(0, 4)) else random_text
            else:  # a route added later: random text for whatever it takes
                values[name] = random_text
        try:
            return rule.build(values, append_unknown=False)[1]
        except ValueError:  # a converter that refuses text (an int): a number instead
            return rule.build({name: len(random_text) for name in rule.arguments}, append_unknown=False)[1]

    def form_fields(draw, questionnaire, variant_name) -> list[tuple[str, str]]:
        variant = None
        if questionnaire is not None:
            variant = questionnaire.variants.get(variant_name) or questionnaire.variant(None)
        ids = [q.id for q in variant.questions] if variant else all_question_ids
        options = sorted({o.value for q in variant.questions for o in q.options}) if variant else all_options
        names = st.one_of(st.sampled_from(ids), st.sampled_from(ids), st.sampled_from(PAGED_FIELDS),
                          st.sampled_from(["website", "csrf_token", "is_admin", "id", "channel", "team",
                                           "meeting_type", "submitted_on", "code", "comments[]", "", "\x00"]),
                          st.text(max_size=12))
        if variant and draw(st.booleans()):  # a full, valid set of answers, spoilt or not
            fields = draw(st.lists(st.tuples(names, _values(options + PAGED_VALUES)), max_size=3))
            for question_id, value in example_answers(variant).items():
                for one in value if isinstance(value, list) else [value]:
                    fields.append((question_id, one))
        else:
            fields = draw(st.lists(st.tuples(names, _values(options + PAGED_VALUES)), max_size=12))
        draw(st.randoms()).shuffle(fields)
        return fields

    def token(draw, real: str) -> list[tuple[str, str]]:
        how = draw(st.sampled_from(["valid", "valid", "valid", "missing", "empty", "garbage", "foreign", "twice",
                                    "tampered"]))
        return {
            "valid": [("csrf_token", real)], "missing": [], "empty": [("csrf_token", "")],
            "garbage": [("csrf_token", draw(st.sampled_from(HOSTILE + ["IjEi.Zz.Zz"])))],
            "foreign": [("csrf_token", foreign_token)],
            "twice": [("csrf_token", "nonsense"), ("csrf_token", real)],
            "tampered": [("csrf_token", real[:-2] + ("AA" if not real.endswith("AA") else "BB"))],
        }[how]

    @settings(max_examples=EXAMPLES // REQUESTS_PER_EXAMPLE, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(st.data())
    def one_example(data):
        """One hostile answer set, questionnaire and variant, sent as several requests in different ways
        (drawing the answers is most of an example's cost; sending them is cheap)."""
        draw = data.draw
        random_text = draw(st.one_of(st.sampled_from(["", "q", "..", "%", "HAVE-YOUR-SAY", "x\x00"]),
                                     st.text(max_size=20)))
        slug = draw(st.sampled_from(slugs)) if draw(st.integers(0, 4)) else random_text
        questionnaire = questionnaires.get(slug)
        real_variants = sorted(questionnaire.variants) if questionnaire else ["standard"]
        variant_name = draw(st.sampled_from(real_variants)) if draw(st.integers(0, 4)) else draw(
            st.sampled_from([random_text, "paged", "thank-you", "STANDARD"]))
        fields = form_fields(draw, questionnaire, variant_name)
        raw_form = _raw_form(draw, fields)
        raw_bytes = draw(st.binary(max_size=600))
        real_token = csrf_token(client, "/q/have-your-say")
        before = counts()
        for _ in range(REQUESTS_PER_EXAMPLE):
            before = one_request(draw, questionnaire, slug, variant_name, random_text, fields, raw_form, raw_bytes,
                                 real_token, before)

    def one_request(draw, questionnaire, slug, variant_name, random_text, fields, raw_form, raw_bytes, real_token,
                    before):
        rule = draw(st.sampled_from(weighted_rules))
        url = url_for_rule(draw, rule, slug, variant_name, random_text)
        allowed = sorted(rule.methods - {"HEAD", "OPTIONS"})
        method = draw(st.sampled_from(allowed * 6 + ["POST"] * 2 + METHODS))
        kwargs: dict = {}
        if draw(st.integers(0, 9)) == 0:
            kwargs["query_string"] = draw(st.sampled_from([
                "conference_type=initial", "next=//evil.example", "%ff%fe=%00", "a=" + quote(SCRIPT),
                quote_from_bytes(raw_bytes[:40], safe="=&"), quote(random_text)]))
        sent: list[tuple[str, str]] = []
        body = draw(st.sampled_from(["form", "form", "form", "form", "raw-form", "multipart", "bytes", "json",
                                     "none", "form", "huge"])) if method not in ("GET", "HEAD", "OPTIONS") else "none"
        if body in ("form", "multipart", "huge", "json"):
            sent = token(draw, real_token) + fields
        if body == "form":
            kwargs["data"] = MultiDict(sent)
        elif body == "multipart":
            kwargs["data"], kwargs["content_type"] = MultiDict(sent), "multipart/form-data"
        elif body == "raw-form":
            # What arrives is not what was drawn: only the invariants are checked.
            kwargs["data"] = b"&".join([quote_from_bytes(b"csrf_token=" + real_token.encode(), safe="=").encode(),
                                        raw_form]) if draw(st.booleans()) else raw_form
            kwargs["content_type"] = "application/x-www-form-urlencoded"
        elif body == "huge":
            size = draw(st.sampled_from([60_000, 70_000, 200_000, 262_000, 262_144, 270_000, 400_000]))
            name = draw(st.sampled_from([q.id for q in questionnaire.questions] if questionnaire else ["comments"]))
            unit = draw(st.sampled_from(["x", SCRIPT, "é", "\U0001f600"]))
            # Under 500 KB encoded: the test client spools bigger bodies to a file it never closes.
            sent = sent + [(name, unit * (size // len(unit.encode())))]
            kwargs["data"] = MultiDict(sent)
            if draw(st.booleans()):
                kwargs["content_type"] = "multipart/form-data"
        elif body == "bytes":
            kwargs["data"] = raw_bytes
            kwargs["content_type"] = draw(st.sampled_from(CONTENT_TYPES))
        elif body == "json":
            kwargs["data"] = json.dumps(dict(sent))
            kwargs["content_type"] = "application/json"
        replayed = draw(st.integers(0, 7)) == 0
        if replayed:  # the session of a code already used, sent back
            with client.session_transaction() as session:
                session["invitation"] = draw(st.sampled_from(replayed_sessions))

        response = client.open(url, method=method, **kwargs)
        if replayed:  # not left to slow down the pages that follow (a card's form is drawn afresh each time)
            with client.session_transaction() as session:
                session.pop("invitation", None)
        hits[rule.rule] += 1
        outcomes[f"{response.status_code}"] += 1
        assert response.status_code < 500, (method, url, body, response.status_code)
        page = response.get_data()
        for markup in RAW_MARKUP:
            assert markup not in page, (method, url, markup)
        after = counts()
        changed = {name: after[name] - before[name] for name in COUNTED if after[name] != before[name]}
        location = response.headers.get("Location", "")
        accepted = response.status_code == 303 and location.endswith("/thank-you")
        if not accepted or not changed:
            assert not changed, (method, url, body, response.status_code, changed)
            return after
        # Accepted and stored: one whole, valid response of the questionnaire the URL named.
        assert changed["responses"] == 1, changed
        assert set(changed) <= {"responses", "answers", "contact_details", "safeguarding_flags",
                                "representations", "used_codes"}, changed
        assert all(0 <= delta <= 1 for name, delta in changed.items() if name not in ("answers",)), changed
        assert not next((value for name, value in sent if name == "website"), ""), "the honeypot was stored"
        invited = check_stored(questionnaire, sent)
        # A card's context goes with a response only when the same transaction used up its code:
        # a replayed session of a used code never gets that far.
        assert changed.get("used_codes", 0) == (1 if invited else 0), (changed, invited)
        outcomes["stored with a code" if invited else "stored"] += 1
        return counts()  # the stored rows are gone again

    def check_stored(questionnaire, sent):
        with app.app_context():
            [(response_id, stored_slug, variant_name, meeting_type)] = db.session.execute(
                text("SELECT id, questionnaire, variant, meeting_type FROM responses")).all()
            rows = db.session.execute(text(
                "SELECT question_id, value FROM answers WHERE response_id = :id UNION ALL "
                "SELECT question_id, value FROM contact_details WHERE response_id = :id"), {"id": response_id}).all()
            assert stored_slug == questionnaire.slug
            variant = questionnaire.variants[variant_name]
            questions = {q.id: q for q in variant.questions}
            given: dict[str, list[str]] = {}
            for question_id, value in rows:
                given.setdefault(question_id, []).append(value)
            assert given, "an empty response was stored"
            for question_id, values in given.items():
                question = questions[question_id]  # KeyError: an answer to a question this variant does not ask
                if question.type == "text":
                    assert len(values) == 1 and values[0] == clean_text(values[0]) and values[0]
                    assert "\x00" not in values[0]
                    if sent:
                        assert values[0] in {clean_text(v) for n, v in sent if n == question_id}
                else:
                    assert set(values) <= set(question.option_values), (question_id, values)
                    assert question.type == "multi" or len(values) == 1
                    if sent:
                        assert set(values) <= {v for n, v in sent if n == question_id}
            for statement in DELETE_RESPONSES:
                db.session.execute(statement)
            db.session.commit()
        return meeting_type is not None

    one_example()
    print(f"\n{sum(hits.values())} requests; by route: {dict(hits)}; outcomes: {dict(outcomes)}")
    assert sum(hits.values()) >= EXAMPLES
    for rule in rules:
        assert hits[rule.rule] >= EACH_ROUTE_AT_LEAST, (rule.rule, hits[rule.rule])
    # A replayed or used code never opened a questionnaire again.
    with app.app_context():
        assert db.session.execute(text("SELECT count(*) FROM used_cards")).scalar() >= len(used)
    for code in used + expired:
        assert client.get(f"/c/{code}").status_code == 410

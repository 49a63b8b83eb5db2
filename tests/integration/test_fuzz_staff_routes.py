"""Fuzzing every staff page's query string: nothing a person can type after the ``?`` gets a 5xx.

The staff counterpart of test_fuzz_public_routes.py (issue 9, item 9). The routes come from the
app's own url_map (every GET rule under /staff), so a new staff page is fuzzed without anyone
adding it here. Each is opened signed in as each role and signed out, its URL parts filled with
real objects from a seeded database (the example responses, register and population; responses
with a card's team and meeting type; have-your-say complaints; safeguarding flags new and
reviewed): a complaint, a flag, a user, a year, a questionnaire and its variants, a format.

Which query names a page reads is not listed here: the test records every name a request asks
``request.args`` for, so a parameter added later is fuzzed too. A page's "baseline" is its own
query: the first value its form fields and the links to it (from any staff page) offer for each
name it reads; the satisfaction page's download links, for example, carry its dates and "compare".

Two passes per page; every failure is collected, so one run lists them all:
- a sweep, the same every run, as the first role that may see the page: each name the page reads
  set to each SWEEP value (a huge and a negative number, 0001-01-01, 9999-12-31, 2026-02-30,
  empty, very long, a NUL, a right-to-left mark, invalid UTF-8), alone and in the baseline, and
  once after its real value (the name twice); and each part of its path (an id, a user's number,
  a slug) set to a few hostile values (PATH_SWEEP). Random search alone, at 40 examples a page,
  found one to three of the seven failing pages in a run; the sweep finds each of them every run;
- hypothesis, for every role and signed out: the baseline with values dropped or spoilt (a date
  more often by a date, a number by a number), plus names it reads, names it offers, names any
  staff page reads and random names, with any values; names and values as bytes that are not
  UTF-8, names without a value, a parameter repeated.
A failure is cut down to the fewest parameters that still fail, and reported with the exception
the app logged.

The property: never a 5xx and never a traceback in the body; a role the page is not for gets
its 403 (signed out: the way to the sign-in page) whatever was typed. The app's own error
handlers answer, as in production (they catch every exception). ``FUZZ_STAFF_EXAMPLES`` (40)
is the hypothesis examples per page, shared by the roles that may see it (at least 8 each); a
role that may not gets 3. The number of requests is printed: about 1,700 on SQLite, some 40 s
of CPU on this project's 2-core machine.
"""

from __future__ import annotations

import logging
import os
import re
from collections import Counter
from datetime import date, timedelta
from html.parser import HTMLParser
from urllib.parse import parse_qsl, quote, quote_from_bytes, urlsplit

from hypothesis import HealthCheck, Phase, Verbosity, given, settings
from hypothesis import strategies as st
from sqlalchemy import select
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.exceptions import HTTPException

from analysis.formats import FORMATS
from feedback_app.complaints.models import Representation
from feedback_app.concerns.models import SafeguardingFlag
from feedback_app.concerns.service import record_review
from feedback_app.extensions import db
from feedback_app.invitations.codes import MEETING_TYPES
from feedback_app.privacy import today
from feedback_app.reading.models import ReadingEntry
from feedback_app.responses import store_response
from feedback_app.staff.access import PUBLIC, ROLES, SECOND_STEP, allowed
from feedback_app.staff.accounts import create_user
from feedback_app.staff.models import StaffUser
from tests.feedback_app.staff.conftest import PASSWORD, sign_in
from tests.helpers import example_answers

EXAMPLES = int(os.environ.get("FUZZ_STAFF_EXAMPLES", "40"))
AT_LEAST_PER_ROLE = 8
#: A role the page is not for is refused before the page reads anything: a few examples show it.
REFUSED_EXAMPLES = 3

#: Names the staff pages read today (from reading the routes) and a few a person might guess;
#: the test also learns the names each page reads as it runs.
READ_NAMES = ["page", "from", "to", "compare", "publish", "variant", "meeting_type", "team", "search", "status",
              "kind", "service", "view", "next", "q", "year", "fmt", "lang"]
NUMBERS = ["99999999999999999999", "-99999999999999999999", "9223372036854775807", "9223372036854775808",
           "-9223372036854775809", "2147483648", "4294967296", "-1", "0", "00", "+1", " 1", "1.5", "1e3", "1e308",
           "-0", "0x10", "1_000", "\u0663", "\uff11", "nan", "inf", "-inf", "9" * 4301, "1" + "0" * 100]
DATES = ["0001-01-01", "0001-01-02", "0001-12-31", "9999-12-31", "9999-12-30", "9999-01-01", "2026-02-30",
         "2025-02-29", "2024-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "0000-01-01", "10000-01-01",
         "-2026-01-01", "2026-1-1", "20260101", "2026-W01-1", "2026-001", "2026-04-01T00:00:00", "2026/04/01",
         "01/04/2026", "1 April 2026", "today", " 2026-04-01 "]
TEXTS = ["", " ", "\t", "\x00", "a\x00b", "\x01\x02\x1b[31m", "\r\nX-Injected: 1", "\u202eevil\u202c", "\u200f",
         "\u200b", "\ufeff", "e\u0301\u0301\u0301", "\U0001f600", "\ud7ff", "%", "%%", "%_", "'", '"', "\\",
         "' OR 1=1 --", "<script>alert(1)</script>", "{{ 7*7 }}", "../../etc/passwd", "//evil.example",
         "https://evil.example/", "javascript:alert(1)", "/staff/../staff/users", "true", "null", "[]",
         "x" * 5000, "%" * 3000, "\u202e" * 1000, "a&b=c" * 500]
#: Percent-encoded bytes that are not UTF-8 (or not even an escape), sent as they are.
BROKEN = ["%ff%fe", "%c3%28", "%ed%a0%80", "%e2%82", "%f4%90%80%80", "%c0%af", "%80", "%", "%g0", "%2", "%zz",
          "%C0%80", "%fe%ff%00%00"]
#: What the sweep sets each name a page reads to, one at a time (already percent-encoded).
SWEEP = [quote(value, safe="") for value in (
    "99999999999999999999", "-1", "0001-01-01", "9999-12-31", "2026-02-30", "", "x" * 5000, "\x00", "\u202e",
)] + ["%ff%fe"]
#: What the sweep puts in each part of a page's path (a complaint's id, a user's number, a questionnaire...).
PATH_SWEEP = ["\x00", "x" * 300, "\u202e", "%ff", "..", " ", "0", "99999999999999999999"]
#: What a traceback or a debugger page would put in a body.
TRACEBACK = (b"Traceback (most recent call last)", b"__traceback_hide__", b"werkzeug.debug", b'.py", line ')
DATE_LIKE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

DISCLOSURE = "my step dad hits me when mum is out"


class _RecordingArgs(ImmutableMultiDict):
    """``request.args`` that notes each name a page asks for, so the test knows what a page reads."""

    names: set[str] = set()

    def __getitem__(self, key):
        _RecordingArgs.names.add(key)
        return super().__getitem__(key)

    def get(self, key, default=None, type=None):  # noqa: A002  (werkzeug's signature)
        _RecordingArgs.names.add(key)
        return super().get(key, default, type)

    def getlist(self, key, type=None):  # noqa: A002
        _RecordingArgs.names.add(key)
        return super().getlist(key, type)

    def __contains__(self, key):
        _RecordingArgs.names.add(key)
        return super().__contains__(key)


class _LoggedErrors(logging.Handler):
    """The errors the app logs (an unexpected one with its exception): named in the report."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.seen: list[str] = []

    def emit(self, record):
        error = record.exc_info[1] if record.exc_info else None
        text = f"{type(error).__name__}: {str(error)}" if error else record.getMessage()
        self.seen.append((text.splitlines() or [""])[0][:200])


class _Offered(HTMLParser):
    """What a page offers to send: its form fields (a select's options, a checkbox's value) and
    its links with a query string, in page order."""

    def __init__(self):
        super().__init__()
        self.fields: list[tuple[str, str]] = []
        self.links: list[tuple[str, list[tuple[str, str]]]] = []
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "a" and "?" in (attributes.get("href") or ""):
            address = urlsplit(attributes["href"])
            self.links.append((address.path, parse_qsl(address.query, keep_blank_values=True)))
        elif tag in ("input", "textarea") and attributes.get("name"):
            self.fields.append((attributes["name"], attributes.get("value") or ""))
        elif tag == "select":
            self._select = attributes.get("name")
        elif tag == "option" and self._select:
            self.fields.append((self._select, attributes.get("value") or ""))

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


#: Single sign-on's pages answer 404 while OIDC_ISSUER is unset, as here; hostile callbacks to them with a
#: real provider are in tests/feedback_app/staff/test_single_sign_on.py.
NOT_SET_UP = {"staff.sso_start", "staff.sso_callback"}


def _staff_pages(app):
    return sorted((rule for rule in app.url_map.iter_rules()
                   if rule.rule.startswith("/staff") and "GET" in rule.methods and rule.endpoint not in NOT_SET_UP),
                  key=lambda rule: rule.rule)


def _answers(variant, comments: str | None = None) -> dict[str, list[str]]:
    answers = {name: value if isinstance(value, list) else [value] for name, value in example_answers(variant).items()}
    if comments is not None:
        answers["comments"] = [comments]
    return answers


def _signed_in_clients(app) -> dict[str | None, object]:
    clients: dict[str | None, object] = {None: app.test_client()}
    for role in ROLES:
        with app.app_context():
            create_user(f"{role}.fuzz@council.example", role, PASSWORD)
        client = app.test_client()
        assert sign_in(client, f"{role}.fuzz@council.example").status_code == 302, role
        clients[role] = client
    return clients


def _seed(app, runner) -> dict[str, list]:
    """The example data (responses, a register, a population), responses with a card's team and
    meeting type for the filters, have-your-say submissions (register entries with contact
    details) and safeguarding flags, new and reviewed. Returns real values for each URL part,
    the one each page's baseline uses first."""
    result = runner.invoke(args=["demo", "load"])
    assert result.exit_code == 0, result.output
    questionnaires = app.extensions["questionnaires"]
    teams = app.config["DEPLOYMENT"].get("teams") or [None]
    with app.app_context():
        for number in range(24):  # enough in each team and meeting type to pass the smallest group shown
            for slug in ("cp-conference-parent", "cp-conference-child", "lac-review-child", "complaint-handling"):
                questionnaire = questionnaires[slug]
                variant = sorted(questionnaire.variants)[number % len(questionnaire.variants)]
                store_response(questionnaire, variant, _answers(questionnaire.variants[variant]),
                               submitted_on=today() - timedelta(days=number % 50),
                               meeting_type=sorted(MEETING_TYPES)[number % len(MEETING_TYPES)],
                               team=teams[number % len(teams)])
        have_your_say = questionnaires["have-your-say"]
        for number, variant in enumerate(sorted(have_your_say.variants) * 2):
            store_response(have_your_say, variant, _answers(have_your_say.variants[variant],
                                                            DISCLOSURE if number % 2 else None))
        for _ in range(3):
            store_response(questionnaires["lac-review-child"], "child", {"comments": [DISCLOSURE]})
        # A draft of the first questionnaire, so the builder's pages open on something real.
        from feedback_app.builder import store as questionnaire_documents

        questionnaire_documents.save_draft(questionnaire_documents.live_document("cp-conference-parent"), "fuzz")
        db.session.commit()
        flags = db.session.scalars(select(SafeguardingFlag)).all()
        assert len(flags) >= 4
        record_review(flags[0], "Referred to MASH", db.session.scalars(select(StaffUser)).first())
        years = sorted({received.year - (received.month < 4)
                        for received in db.session.scalars(select(Representation.received_on))}, reverse=True)
        return {
            "rep_id": list(db.session.scalars(select(Representation.id).order_by(Representation.id).limit(20))),
            "flag_id": [flag.id for flag in flags],
            "entry_id": list(db.session.scalars(select(ReadingEntry.id).where(ReadingEntry.read_on.is_(None))
                                                .order_by(ReadingEntry.id).limit(20))),
            "user_id": list(db.session.scalars(select(StaffUser.id))),
            "year": years,
            "fmt": ["json", *sorted(set(FORMATS) - {"json"})],  # the sweep uses the cheapest
            "slug": ["cp-conference-parent", *sorted(set(questionnaires) - {"cp-conference-parent"})],
            "question_id": ["comments", "conference_type"],
            "language": ["pl", "ar"],
        }


# Strategies for what is typed: each gives a value already percent-encoded for the query string.
_numbers = st.one_of(st.sampled_from(NUMBERS), st.integers().map(str), st.integers(-10 ** 30, 10 ** 30).map(str),
                     st.floats(allow_nan=True, allow_infinity=True).map(str)).map(lambda text: quote(text, safe=""))
_dates = st.one_of(st.sampled_from(DATES), st.sampled_from(DATES[:6]), st.dates().map(date.isoformat),
                   st.builds("{:04d}-{:02d}-{:02d}".format, st.integers(0, 10000), st.integers(0, 13),
                             st.integers(0, 32))).map(lambda text: quote(text, safe=""))
_texts = st.one_of(st.sampled_from(TEXTS), st.text(max_size=30)).map(lambda text: quote(text, safe=""))
_bytes = st.one_of(st.sampled_from(BROKEN), st.binary(max_size=24).map(lambda raw: quote_from_bytes(raw, safe="")))
_anything = st.one_of(_numbers, _dates, _texts, _bytes)


def _spoilt(value: str) -> st.SearchStrategy[str]:
    """Something else typed where ``value`` was: more often of the same kind (a date for a date)."""
    same_kind = _dates if DATE_LIKE.match(value) else _numbers if value.isdigit() else _texts
    return st.one_of(same_kind, same_kind, _anything)


@st.composite
def _queries(draw, baseline: list[tuple[str, str]], names: list[str], real: dict[str, list[str]]) -> str:
    """The page's own query with some parameters dropped or spoilt, then names known and random
    with any values; some names not UTF-8, some without a value, one repeated."""
    pairs = []
    for name, value in baseline:
        keep = draw(st.integers(0, 3))  # 0 drops it: what shrinking heads for
        if keep:
            pairs.append((quote(name, safe=""), draw(_spoilt(value)) if keep == 3 else quote(value, safe="")))
    for _ in range(draw(st.integers(0, 5))):
        name = draw(st.one_of(st.sampled_from(names), st.sampled_from(READ_NAMES), st.text(max_size=12)))
        value = draw(st.one_of(st.sampled_from(real.get(name) or ["1"]).map(lambda text: quote(text, safe="")),
                               _anything))
        pairs.append((quote(name, safe="") if draw(st.integers(0, 9)) else draw(st.sampled_from(BROKEN)), value))
    if pairs and draw(st.integers(0, 4)) == 0:
        pairs.append(draw(st.sampled_from(pairs)))
    return "&".join(f"{name}={value}" if draw(st.integers(0, 9)) else name for name, value in pairs)


def _join(pairs: list[tuple[str, str]]) -> str:
    return "&".join(f"{name}={value}" for name, value in pairs)


def test_nothing_typed_into_a_staff_page_address_gets_a_5xx(app, runner):
    clients = _signed_in_clients(app)
    real = _seed(app, runner)
    questionnaires = app.extensions["questionnaires"]
    pages = _staff_pages(app)
    routes = app.url_map.bind("localhost")
    requests: Counter[str] = Counter()
    outcomes: Counter[int] = Counter()
    made_up: set[str] = set()  # URL parts of a route added later, with no real values here
    failures: dict[tuple[str, str | None, str], str] = {}
    errors = _LoggedErrors()
    # What the pages offer, by endpoint: their own form fields, and the queries of links to them.
    offered: dict[str, list[tuple[str, str]]] = {rule.endpoint: [] for rule in pages}
    read: dict[str, set[str]] = {}

    def path_for(rule, choose) -> str:
        slug = choose(real["slug"])
        values = {}
        for name in rule.arguments:
            if name == "slug":
                values[name] = slug
            elif name == "variant":
                values[name] = choose(sorted(questionnaires[slug].variants))
            elif real.get(name):
                values[name] = choose(real[name])
            else:
                made_up.add(f"{rule.rule}: {name}")
                values[name] = 1
        return rule.build(values, append_unknown=False)[1]

    def first_role(rule) -> str | None:
        if rule.endpoint in PUBLIC | SECOND_STEP:
            return None
        return next(role for role in ROLES if allowed(rule.endpoint, role))

    def look(rule, role, path: str, query: str = "") -> None:
        """Open a page as it is offered; note its form fields and where its links go, with what."""
        page = clients[role].get(path, query_string=query)
        assert page.status_code < 400, (path, query, role, page.status_code, "the seed gave this page nothing real")
        if page.mimetype != "text/html":
            return
        parser = _Offered()
        parser.feed(page.get_data(as_text=True))
        offered[rule.endpoint] += [(name, value) for name, value in parser.fields if "csrf_token" not in name]
        for link, pairs in parser.links:
            try:
                endpoint, _ = routes.match(link, method="GET")
            except HTTPException:
                continue
            if endpoint in offered:
                offered[endpoint] += pairs

    def baseline(rule) -> list[tuple[str, str]]:
        """The page's own query: the first value offered for each name it reads."""
        chosen: dict[str, str] = {}
        for name, value in offered[rule.endpoint]:
            if name in read[rule.endpoint]:
                chosen.setdefault(name, value)
        return list(chosen.items())

    def learn(rule) -> None:
        """The names the page reads (asked plainly and with every name known so far set), and its links
        once its own query is sent (the satisfaction page's downloads carry its dates and comparison)."""
        role, path = first_role(rule), path_for(rule, lambda values: values[0])
        _RecordingArgs.names = set()
        look(rule, role, path)
        clients[role].get(path, query_string=_join([(quote(name, safe=""), "1") for name in
                                                    READ_NAMES + [name for name, _ in offered[rule.endpoint]]]))
        read[rule.endpoint] = set(_RecordingArgs.names)
        look(rule, role, path, _join([(quote(name, safe=""), quote(value, safe="")) for name, value in baseline(rule)]))

    def problem(rule, role, path: str, query: str) -> str | None:
        """Send one request; what is wrong with its answer, or None."""
        errors.seen.clear()
        response = clients[role].get(path, query_string=query)
        requests[rule.rule] += 1
        outcomes[response.status_code] += 1
        status, body = response.status_code, response.get_data()
        where = f"{status} GET {path}" + (f"?{query[:200]}{'...' if len(query) > 200 else ''}" if query else "")
        if errors.seen:
            where += f"  [{errors.seen[-1]}]"
        if status >= 500:
            return where
        if any(marker in body for marker in TRACEBACK):
            return f"traceback in body: {where}"
        if rule.endpoint in SECOND_STEP:  # only just after a right password, which no client here has
            if not (status == 302 and response.headers.get("Location") == "/staff/login"):
                return f"second step open without a password step: {where}"
        elif not allowed(rule.endpoint, role):
            if role is None and not (status == 302 and "/staff/login" in response.headers.get("Location", "")):
                return f"signed out, not sent to sign in: {where}"
            if role is not None and status != 403:
                return f"not refused to {role}: {where}"
        return None

    def sweep(rule) -> None:
        """Each name the page reads set to each SWEEP value: alone, and in the page's own query
        (then also after the real value: the name twice). And each text part of its path set to
        each PATH_SWEEP value."""
        role, path = first_role(rule), path_for(rule, lambda values: values[0])
        real_parts = routes.match(path, method="GET")[1]
        for name in rule.arguments:
            for value in PATH_SWEEP:
                try:
                    spoilt = rule.build({**real_parts, name: value}, append_unknown=False)[1]
                except ValueError:  # a number's converter refuses text
                    continue
                if failed := problem(rule, role, spoilt, ""):
                    failures[rule.rule, role, f"<{name}>={quote(value)[:40]}"] = failed
        encoded = [(quote(name, safe=""), quote(value, safe="")) for name, value in baseline(rule)]
        for name in sorted(read[rule.endpoint]):
            key = quote(name, safe="")
            others = [pair for pair in encoded if pair[0] != key]
            tries = [[(key, value)] for value in SWEEP]
            if others:
                tries += [[*others, (key, value)] for value in SWEEP]
            if len(others) < len(encoded):
                tries.append([*encoded, (key, SWEEP[0])])
            for pairs in tries:
                if problem(rule, role, path, _join(pairs)):
                    failures[rule.rule, role, f"{name}={pairs[-1][1][:40]}"] = minimal(rule, role, path, _join(pairs))

    def minimal(rule, role, path: str, query: str) -> str:
        """The failure with each parameter left out in turn while the request still fails."""
        parts = query.split("&")
        for index in reversed(range(len(parts))):
            fewer = parts[:index] + parts[index + 1:]
            if problem(rule, role, path, "&".join(fewer)):
                parts = fewer
        return problem(rule, role, path, "&".join(parts)) or f"(did not fail again) {path}?{query[:200]}"

    def fuzz(rule, role, examples: int) -> None:
        own = baseline(rule)
        names = sorted(read[rule.endpoint] | {name for name, _ in offered[rule.endpoint]}) or READ_NAMES
        values: dict[str, list[str]] = {}
        for name, value in offered[rule.endpoint]:
            values.setdefault(name, []).append(value)
        last: list[str] = []

        @settings(max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck),
                  report_multiple_bugs=False, verbosity=Verbosity.quiet,  # the report below says it all
                  # No shrinking: the pages are slow and minimal() below leaves out what is not needed.
                  phases=[Phase.explicit, Phase.reuse, Phase.generate])
        @given(st.data())
        def one_request(data):
            path = path_for(rule, lambda choices: data.draw(st.sampled_from(choices)))
            query = data.draw(_queries(own, names, values), label="query")
            last[:] = [path, query]
            failed = problem(rule, role, path, query)
            assert not failed, failed

        try:
            one_request()
        except Exception:  # noqa: BLE001  (the last request sent is the failure hypothesis found)
            failures[rule.rule, role, "hypothesis"] = minimal(rule, role, *last) if last else "failed before a request"

    request_class = app.request_class
    app.request_class = type("RecordingRequest", (request_class,), {"parameter_storage_class": _RecordingArgs})
    app.logger.addHandler(errors)
    try:
        for rule in pages:
            learn(rule)
        for rule in pages:
            sweep(rule)
            seeing = [role for role in [*ROLES, None] if allowed(rule.endpoint, role)]
            for role in [*ROLES, None]:
                examples = max(AT_LEAST_PER_ROLE, EXAMPLES // len(seeing)) if role in seeing else REFUSED_EXAMPLES
                fuzz(rule, role, examples)
    finally:
        app.request_class = request_class
        app.logger.removeHandler(errors)

    print(f"\n{sum(requests.values())} requests to {len(pages)} staff pages; "
          f"outcomes: {dict(sorted(outcomes.items()))}")
    print("by route: " + ", ".join(f"{route} {count}" for route, count in sorted(requests.items())))
    if made_up:
        print("URL parts with made-up values (give them real ones in _seed): " + ", ".join(sorted(made_up)))
    report = "\n".join(f"{rule} as {role or 'signed out'} ({how}): {example}"
                       for (rule, role, how), example in sorted(failures.items(), key=str))
    print(report)
    assert not failures, f"{len(failures)} failures (minimal examples):\n{report}"

"""The draft DPIA: the ICO's DPIA template, steps 1 to 7, filled in from the deployment's facts.

The ICO's template (ico.org.uk, "Sample DPIA template") asks, in order: why a DPIA is
needed; the nature, scope, context and purposes of the processing; consultation;
necessity and proportionality; risks (likelihood, severity, overall); measures; sign-off.
An Article 30 record of processing entry follows. What the app cannot know (the lawful
basis the council chooses, who signs, who was consulted) is left as
"[Council to complete: …]" for the council to fill in.
"""

from __future__ import annotations

from datetime import date

from feedback_app.governance.document import Block, BulletList, Heading, Paragraph, Table, days, to_complete
from feedback_app.governance.facts import Facts
from feedback_app.governance.risks import measures, risks
from feedback_app.governance.threat_model import Rule

#: What only the council can say, as the prompts its placeholders carry.
ASK_AIMS = ('why the council is using this service, e.g. to hear how families experience conferences and reviews '
           'and to meet the duty to handle representations under the Children Act 1989 complaints procedure')
ASK_VOLUME = ('expected responses a year and complaints a year')
ASK_KEPT = ('how long responses, cases and the audit log are kept')
ASK_HOSTING = ('hosting provider, location (UK?), backup location, supplier contracts')
ASK_CONSULTED = ('children and young people (e.g. children in care council), parents, chairs and IROs, complaints '
           'officer, safeguarding leads, IT security, DPO')
ASK_CONFIRM_BASIS = ('confirm each basis with the DPO, or change `privacy: lawful_basis`')
ASK_APPROPRIATE_POLICY = ('confirm, and name the appropriate policy document Schedule 1 Part 4 requires')
ASK_PROCESSORS = ('hosting and mail suppliers, contracts, any transfer outside the UK')
ASK_ALERTS = ('set a mail server or name who watches the queue')
HTTPS_ON = "on (secure cookies, HSTS)"
HTTPS_OFF = "not marked on (SESSION_COOKIE_SECURE is off: set it behind HTTPS)"

TITLE = "Data protection impact assessment (draft)"

#: The ICO template's headings, in its order; the PDF test reads them back.
SECTIONS = (
    "About this draft",
    "Step 1: Identify the need for a DPIA",
    "Step 2: Describe the processing",
    "Step 3: Consultation process",
    "Step 4: Assess necessity and proportionality",
    "Step 5: Identify and assess risks",
    "Step 6: Identify measures to reduce risk",
    "Step 7: Sign off and record outcomes",
    "Decisions the council must make",
    "Record of processing activities (Article 30)",
)


def _join(items: list[str], empty: str = "none") -> str:
    return ", ".join(items) if items else empty


def about_this_draft(facts: Facts, today: date) -> list[Block]:
    return [
        Heading(2, SECTIONS[0]),
        Paragraph(f"Written by the feedback application on {today.isoformat()} from the settings of this "
                  f"deployment ({facts.council or to_complete('council name')}, \"{facts.service_name}\"). "
                  "It follows the structure of the ICO's sample DPIA template. What the application can know is "
                  "filled in; everything the council must decide or complete is marked "
                  f"\"{to_complete('…')}\". Run the command again after changing the settings: the text follows them."),
        Paragraph("This is a draft to start from, not an assessment: the council's data protection officer must "
                  "review it, and the council remains responsible for it."),
    ]


def step1(facts: Facts) -> list[Block]:
    return [
        Heading(2, SECTIONS[1]),
        Paragraph("The service asks children, parents, carers and professionals about child protection "
                  "conferences, reviews of children in care and family group conferences, how a complaint was "
                  "handled, and takes comments, compliments and complaints. A DPIA is needed because the "
                  "processing involves children (a vulnerable group), may involve special category data "
                  "(optional ethnicity, disability and gender questions), free text in which people may write "
                  "about their own or their child's health or family life, and safeguarding concerns that "
                  "staff act on. The ICO lists processing of children's data and of vulnerable people's data "
                  "among the kinds that need one."),
        Paragraph(f"Summary of the project's aims: {to_complete(ASK_AIMS)}"),
    ]


def _questionnaire_rows(facts: Facts) -> tuple[tuple[str, ...], ...]:
    rows = []
    for q in facts.questionnaires:
        who = "staff (about a closed case)" if q.staff_only else ", ".join(
            f"{name}{f' ({v.audience})' if v.audience else ''}" for name, v in q.variants.items())
        collected = [c for c in facts.collected if c.questionnaire == q.slug]
        marked = "; ".join(f"`{c.question_id}` ({c.kind}): {c.text}" for c in collected) or "none"
        rows.append((f"`{q.slug}`: {q.title}", who, marked))
    return tuple(rows)


def step2(facts: Facts) -> list[Block]:
    contact = "; ".join(f"`{c.questionnaire}` `{c.question_id}`: \"{c.text}\""
                        for c in facts.collected if c.kind == "personal") or "none"
    equality = sorted({(c.question_id, c.text) for c in facts.collected if c.kind == "equality"})
    equality_forms = sorted({c.questionnaire for c in facts.collected if c.kind == "equality"})
    mail = ("set: the designated safeguarding leads are e-mailed that a concern is waiting "
            f"(never its words or any detail), and reminded after {facts.reminder_hours} hours"
            + (" (STARTTLS on)" if facts.mail_tls else " (STARTTLS off: check the link to the mail server is "
                                                         "protected)")
            if facts.mail_server_set else "not set: nothing is e-mailed; concerns wait on the staff pages")
    if facts.staff_by_role is None:
        staff = "the database did not answer when this draft was made"
    else:
        staff = _join([f"{count} {role}" for role, count in facts.staff_by_role.items()], "no accounts yet")
        staff += f"; {facts.marked_leads} marked as designated safeguarding lead"
    return [
        Heading(2, SECTIONS[2]),
        Heading(3, "Nature of the processing"),
        Paragraph("People answer questionnaires on the web (any device, with or without JavaScript), on paper "
                  "(typed in by staff) or imported from a CSV file. Each response is stored with the "
                  "questionnaire, its version and variant, the channel, the language it was answered in, the "
                  "**date** (not the time) and, from an invitation card or a paper form, the meeting type and "
                  "one of the configured teams. Staff read reports, comments, safeguarding concerns and the "
                  "complaints register on staff pages after signing in."),
        Paragraph(f"Questionnaires in this deployment ({len(facts.questionnaires)}), who answers them, and the "
                  "questions marked as personal data (contact details, kept apart from the answers) or as "
                  "equality monitoring (the optional \"About you\" questions):"),
        Table(("questionnaire", "answered by (versions)", "personal or equality questions"),
              _questionnaire_rows(facts), (3, 3, 5)),
        Heading(3, "What is collected"),
        BulletList((
            "Answers to the questions, including free text (comments, what happened, what should happen now).",
            f"Contact details, only if the person chooses to give them: {contact}. Stored apart from the answers "
            "(`contact_details`), shown only to the complaints officer and administrators.",
            "Equality monitoring, optional, each with \"Prefer not to say\": "
            + "; ".join(f"`{qid}`: {text}" for qid, text in equality)
            + f". Asked in: {_join([f'`{s}`' for s in equality_forms])}. Ethnicity and disability (health) are "
              "special category data.",
            "The complaints register: representations typed in by the complaints officer (with contact details "
            "when given), case notes and a history of changes.",
            "Safeguarding flags: when an answer's words suggest a child may be at risk, the response is flagged "
            "for the safeguarding leads and managers.",
            "The reading queue: every free-text answer to a children's version of a questionnaire and to "
            "have-your-say is read by a safeguarding lead or manager within `reading_deadline_working_days`; "
            "a reading record keeps the day it was read (no time) and who read it (decision 0024). A classifier "
            "trained only on fictional examples, never on anyone's answers, puts answers that read like "
            "disclosures near the front; its score is worked out when the queue is read and never stored "
            "(decision 0026).",
            f"Staff accounts: email, role, Argon2 password hash, sessions (a hash of the token), and an audit "
            f"log of what staff do, with their name and time. Active accounts now: {staff}.",
        )),
        Heading(3, "What is not collected, and where that is enforced and tested"),
        Table(("not collected", "enforced in", "test that fails if it is"), (
            ("IP address, user agent", "request logging filter and limiter key (`feedback_app/privacy.py`, "
             "`feedback_app/rate_limits.py`)",
             "`tests/integration/test_anonymity.py::test_no_address_agent_or_time_reaches_the_database_or_the_logs`"),
            ("time of day of a response", "schema: the response keeps a date column only (`feedback_app/models.py`)",
             "`tests/integration/test_anonymity.py::test_no_column_about_respondents_can_hold_a_time`"),
            ("order of arrival", "random UUID ids; SQLite tables without rowid",
             "`tests/integration/test_anonymity.py::test_sqlite_keeps_no_hidden_arrival_order`"),
            ("device, tracking or analytics cookies", "only the strictly necessary session cookie; no third-party "
             "requests (`feedback_app/security.py`)",
             "`tests/integration/test_anonymity.py::test_the_only_cookie_is_the_strictly_necessary_session`, "
             "`tests/feedback_app/test_security.py::test_no_page_refers_to_another_site`"),
            ("name, address", "no question asks for them; a text box can still receive them (risk 2)",
             "none: people may write anything"),
            ("a link from an invitation card to its response", "used cards kept apart, by team and quarter "
             "(decision 0007)",
             "`tests/integration/test_invitation_codes.py::test_nothing_stored_links_the_code_to_the_response`"),
        ), (3, 4, 5)),
        Heading(3, "Scope of the processing"),
        BulletList((
            "Data subjects: children and young people, parents and carers, family members, professionals "
            "attending meetings, people making representations, and the council's staff.",
            f"Volume: {to_complete(ASK_VOLUME)}.",
            f"Area: {facts.council or to_complete('council')}. Teams configured: {_join(facts.teams)}.",
            f"Languages offered: {_join(facts.languages)}."
            + (f" Not yet checked by a qualified translator: {_join(facts.unchecked_languages)}."
               if facts.unchecked_languages else " Every offered translation is recorded as checked."),
            f"Retention: contact details in the complaints register are deleted {days(facts.contact_details_days)} "
            f"after the case is closed; the words of a safeguarding concern {days(facts.flagged_text_days)} after "
            "it was reviewed (`retention` in the deployment settings; `flask --app feedback_app retention run`, "
            "daily). Responses without contact details, the register's cases and the audit log are kept until "
            f"the council deletes them: {to_complete(ASK_KEPT)}.",
        )),
        Heading(3, "Context of the processing"),
        Paragraph("Respondents are often in a difficult relationship with children's services; children may be "
                  "in care or subject to a child protection plan. They answer honestly only if the worker they "
                  "write about cannot find out what they wrote, which is why responses are anonymous and why the "
                  "threat model (Step 5) treats staff as possible attackers. Children use versions with plain "
                  "words and pictures; a child's answers are not shared with their parents or workers, except "
                  "where a safeguarding concern must be acted on."),
        Paragraph(f"Hosting as configured: database {facts.database_kind}; rate-limit counters "
                  f"{facts.limiter_storage}; HTTPS {HTTPS_ON if facts.https else HTTPS_OFF}; "
                  f"{facts.proxy_hops} trusted reverse prox{'y' if facts.proxy_hops == 1 else 'ies'}; "
                  f"public address {facts.public_base_url}; mail server {mail}. Where the servers and backups are, "
                  f"and who runs them: {to_complete(ASK_HOSTING)}."),
        Heading(3, "Purposes of the processing"),
        BulletList((
            "To learn how children, families and professionals experience conferences, reviews and complaints "
            "handling, and improve the service (reports by whole months, small groups protected).",
            "To receive and handle comments, compliments and complaints (the statutory representations procedure).",
            "To monitor equality of access and outcome (About you questions, compared with the population).",
            "To protect a child whose words suggest they may be at risk (safeguarding flags and alerts).",
        )),
    ]


def lawful_bases(facts: Facts) -> str:
    return "; ".join(f"{b.purpose}: {b.article_6.replace('_', ' ')}, {b.article_6_reference}"
                     + (f" ({b.law})" if b.law else "") for b in facts.privacy.lawful_bases)


def article_9_conditions(facts: Facts) -> str:
    return "; ".join(f"{b.purpose}: {b.article_9.replace('_', ' ')}, {b.article_9_reference}"
                     for b in facts.privacy.lawful_bases if b.article_9) or "none"


def controller_entry(facts: Facts) -> str:
    p = facts.privacy
    if not p.controller or not p.contact_email:
        return to_complete(f"{facts.council}, address, contact (`privacy: controller`, `contact_email`)")
    return ", ".join(filter(None, (p.controller, p.contact_email, p.contact_address, p.contact_phone)))


def dpo_entry(facts: Facts) -> str:
    p = facts.privacy
    if not p.dpo_name or not p.dpo_email:
        return to_complete("name and contact (`privacy: dpo_name`, `dpo_email`)")
    return f"{p.dpo_name}, {p.dpo_email}"


def step3() -> list[Block]:
    return [
        Heading(2, SECTIONS[3]),
        Paragraph(f"Who was consulted and how: {to_complete(ASK_CONSULTED)}."),
        Paragraph(f"What they said and what changed: {to_complete('summary of views and changes made')}."),
        Paragraph("The application's own design decisions (docs/decisions/) record why each anonymity measure "
                  "exists and may be shared with those consulted."),
    ]


def step4(facts: Facts) -> list[Block]:
    return [
        Heading(2, SECTIONS[4]),
        Paragraph("Lawful basis (Article 6), as the privacy notice states it (`privacy: lawful_basis` in the "
                  f"deployment settings): {lawful_bases(facts)}. {to_complete(ASK_CONFIRM_BASIS)}."),
        Paragraph("Condition for special category data (Article 9) and DPA 2018 Schedule 1, as the privacy notice "
                  f"states it: {article_9_conditions(facts)}. {to_complete(ASK_APPROPRIATE_POLICY)}."),
        BulletList((
            "Data minimisation: no name, address, device, IP address or time of day; contact details only when "
            "the person chooses to give them, and stored apart; equality questions optional with \"Prefer not "
            "to say\".",
            f"Storage limitation: the retention job deletes contact details {days(facts.contact_details_days)} "
            f"after closure and concern text {days(facts.flagged_text_days)} after review.",
            f"Data quality: answers are checked as they are given; small groups (under {facts.min_responses_shown}) "
            "are withheld from every staff view so figures are not misread or used to identify.",
            f"Information to individuals: the privacy notice at `{facts.public_base_url}/privacy` (every item of "
            f"UK GDPR Articles 13 and 14) and, for children, `{facts.public_base_url}/privacy/children`, linked from "
            "every child's version; both are written from the same settings as this draft. "
            + (f"Details the notice still lacks: {_join(facts.privacy.missing)} (`privacy:` settings)."
               if facts.privacy.missing else "The controller and DPO are named in it."),
            "Individuals' rights: responses cannot be found by person, so access, rectification and erasure of an "
            "anonymous response are not possible (Article 11); contact details and register cases can be found "
            "by the complaints officer and are handled through the council's usual request process "
            "(docs/information-governance.md).",
            f"Processors and international transfers: {to_complete(ASK_PROCESSORS)}.",
        )),
    ]


def step5(facts: Facts) -> list[Block]:
    rows = tuple((f"{n}. {short}: {risk}", *rating) for n, (short, risk, *rating) in enumerate(risks(facts), 1))
    return [
        Heading(2, SECTIONS[5]),
        Paragraph("Likelihood: remote, possible or probable. Severity: minimal, significant or severe. The "
                  "application's suggestion is given; the council should confirm or change each."),
        Table(("risk", "likelihood", "severity", "overall"), rows, (7, 2, 2, 2)),
        Paragraph(f"Council's view of these ratings: {to_complete('agree or change each rating')}."),
    ]


def step6(facts: Facts, rules: list[Rule]) -> list[Block]:
    k = facts.min_responses_shown
    return [
        Heading(2, SECTIONS[6]),
        Heading(3, "The insider threat model (docs/decisions/0011-insider-threat-model.md)"),
        Paragraph(f"The realistic attacker is an insider: a chair, a manager, an administrator, a complaints "
                  f"officer, or someone with the database, a backup or the logs. Each rule below names the tests "
                  f"that fail if it is broken (`tests/test_threat_model.py` checks they exist). k = {k} "
                  "(`min_responses_shown`)."),
        Table(("rule", "what it does", "what it stops, or how"),
              tuple((r.id, r.title, r.stops or "its tests are listed in the threat model") for r in rules), (1, 5, 6)),
        Heading(3, "Measures against each risk"),
        Table(("risk", "measures", "effect", "residual risk", "approved"),
              tuple((f"{n}. {name}", *measure, to_complete("yes/no"))
                    for n, ((name, *_), measure) in enumerate(zip(risks(facts), measures(facts), strict=True), 1)),
              (3, 6, 2, 4, 2)),
    ]


def step7() -> list[Block]:
    return [
        Heading(2, SECTIONS[7]),
        Table(("item", "name, date", "notes"), (
            ("Measures approved by", to_complete("name and date"), "Integrate actions back into the project plan"),
            ("Residual risks approved by", to_complete("name and date"),
             "If accepting any residual high risk, consult the ICO before going ahead"),
            ("DPO advice provided", to_complete("name and date"), "DPO should advise on compliance, Step 6 "
                                                                  "measures and whether processing can proceed"),
            ("Summary of DPO advice", to_complete("advice"), ""),
            ("DPO advice accepted or overruled by", to_complete("name and date"), "If overruled, explain why"),
            ("Consultation responses reviewed by", to_complete("name and date"),
             "If your decision departs from individuals' views, explain why"),
            ("This DPIA will be kept under review by", to_complete("name and review date"),
             "The DPO should also review ongoing compliance with the DPIA"),
        ), (4, 3, 5)),
    ]


def decisions(facts: Facts) -> list[Block]:
    items = [
        "Lawful basis and Article 9 condition: as set in `privacy: lawful_basis` and shown in Step 4 and the "
        f"privacy notice: {to_complete('confirm with the DPO')}.",
        f"Retention of responses, register cases and the audit log (the app keeps them until deleted): "
        f"{to_complete('periods')}; contact details ({days(facts.contact_details_days)}) and concern text "
        f"({days(facts.flagged_text_days)}) as configured, or change `retention` in the settings: "
        f"{to_complete('confirm')}.",
        "Translations: "
        + (f"offered but not checked by a qualified translator: {_join(facts.unchecked_languages)}; check "
           "them or remove them from `languages`: " + to_complete("decide") + "."
           if facts.unchecked_languages else "every offered language is recorded as checked."),
        f"Safeguarding leads: {_join(facts.safeguarding_lead_emails, 'none listed in the settings')}"
        + (f", and {facts.marked_leads} account(s) marked as lead" if facts.marked_leads is not None else "")
        + f"; {to_complete('who reviews concerns, and how quickly')}.",
        "E-mail alerts: " + ("on (MAIL_SERVER set)." if facts.mail_server_set
                             else f"off (MAIL_SERVER not set): {to_complete(ASK_ALERTS)}."),
        f"Minimum group size shown to staff: {facts.min_responses_shown} (`min_responses_shown`): "
        f"{to_complete('confirm')}.",
        f"Hosting, backups and who may read the database server: {to_complete('decide')}.",
        "Privacy notice: controller, DPO and contact details (`privacy:`): "
        + (f"{to_complete('set ' + _join(facts.privacy.missing))}; the app will not start in production "
           "without them." if facts.privacy.missing else "set."),
        "Phone numbers shown to children who need help: "
        + (f"still the built-in fictional numbers ({_join(facts.fictional_phones)}): "
           f"{to_complete('set the council numbers')}."
           if facts.fictional_phones else "set by the council; check each is answered when it is shown."),
    ]
    return [Heading(2, SECTIONS[8]), BulletList(tuple(items))]


def ropa(facts: Facts) -> list[Block]:
    recipients = ("Managers and administrators (reports, comments, concerns); conference chairs (cards, paper "
                  "forms); the complaints officer (register, contact details); safeguarding leads ("
                  + _join(facts.safeguarding_lead_emails, "none listed in the settings")
                  + (f"; {facts.marked_leads} account(s) marked" if facts.marked_leads is not None else "")
                  + f"). Outside the council: {to_complete('e.g. Ofsted, hosting supplier')}.")
    return [
        Heading(2, SECTIONS[9]),
        Table(("Article 30 item", "entry"), (
            ("Name and contact details of the controller", controller_entry(facts)),
            ("Data protection officer", dpo_entry(facts)),
            ("Purposes of the processing", "Service feedback; comments, compliments and complaints; equality "
                                           "monitoring; safeguarding children"),
            ("Categories of data subjects", "Children and young people; parents, carers and family; professionals; "
                                            "people making representations; council staff"),
            ("Categories of personal data", "Answers and free text; contact details when given; complaint "
                                            "cases; staff accounts and audit log"),
            ("Special category data", "Ethnicity and disability (About you, optional); health or family life in "
                                      "free text"),
            ("Categories of recipients", recipients),
            ("Transfers to third countries", to_complete("none expected; confirm with the hosting supplier")),
            ("Time limits for erasure", f"Contact details {days(facts.contact_details_days)} after closure; "
                                        f"concern text {days(facts.flagged_text_days)} after review; "
                                        f"other data {to_complete('period')}"),
            ("Technical and organisational security measures", "Anonymous responses (no IP, agent, time, device); "
             f"insider threat model rules R1 to R16; database {facts.database_kind}; HTTPS "
             f"{'on' if facts.https else 'not marked on'}; audited staff actions; {to_complete('hosting measures')}"),
        ), (4, 8)),
    ]


def build(facts: Facts, rules: list[Rule], today: date) -> list[Block]:
    return [Heading(1, f"{TITLE}: {facts.service_name or 'feedback service'}"),
            *about_this_draft(facts, today), *step1(facts), *step2(facts), *step3(), *step4(facts),
            *step5(facts), *step6(facts, rules), *step7(), *decisions(facts), *ropa(facts)]

"""The council's privacy details (the deployment's ``privacy:`` section) and how long each kind of data is kept.

One module, read by both the privacy notices (``/privacy``, ``/privacy/children``) and the draft
DPIA (``governance/facts.py``), so the two can never say different things. Nothing here needs
Flask or the database: ``feedback_app/config.py`` checks the section with it at start-up.

Lawful bases are chosen from a short list of keys (decision 0023), not written as free text:
the notice explains each key in the reader's language, with its legal reference beside it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from feedback_app.i18n import N_

#: The purposes the service processes personal data for, in the order the notice lists them.
PURPOSES = ("feedback", "complaints", "equality", "safeguarding")

#: Each purpose in the notice's words, translated where it is shown.
PURPOSE_WORDS = {
    "feedback": N_("To learn what people think of our services, and make them better"),
    "complaints": N_("To deal with comments, compliments and complaints"),
    "equality": N_("To check that our services are fair to everyone (the “About you” questions, such as "
                   "ethnicity and disability, which you can skip)"),
    "safeguarding": N_("To keep a child safe when what someone writes makes us worried"),
}

#: Article 6 bases a council can choose, with the legal reference (shown as it is) and the
#: plain words the notice shows, translated.
ARTICLE_6: dict[str, tuple[str, str]] = {
    "public_task": ("UK GDPR Article 6(1)(e)",
                    N_("We need it to carry out our work as a council, which the law gives us (public task)")),
    "legal_obligation": ("UK GDPR Article 6(1)(c)", N_("The law says we must (legal obligation)")),
    "consent": ("UK GDPR Article 6(1)(a)", N_("You agreed to it (consent)")),
}

#: Article 9 conditions for special category data (ethnicity, disability, health in free text).
ARTICLE_9: dict[str, tuple[str, str]] = {
    "equality_of_opportunity": (
        "UK GDPR Article 9(2)(g); Data Protection Act 2018, Schedule 1, paragraph 8",
        N_("Substantial public interest: checking that everyone has the same chances and is treated fairly "
           "(equality of opportunity or treatment)")),
    "safeguarding": (
        "UK GDPR Article 9(2)(g); Data Protection Act 2018, Schedule 1, paragraph 18",
        N_("Substantial public interest: keeping children and people at risk safe (safeguarding)")),
    "explicit_consent": ("UK GDPR Article 9(2)(a)", N_("You clearly agreed to it (explicit consent)")),
}

#: Purposes whose data is, or may be, special category: each needs an Article 9 condition.
NEEDS_ARTICLE_9 = ("equality", "safeguarding")

#: Details the notice cannot do without: with SESSION_COOKIE_SECURE on (production) the app
#: refuses to start while any is unset.
REQUIRED_IN_PRODUCTION = ("controller", "contact_email", "dpo_name", "dpo_email")
DETAILS = (*REQUIRED_IN_PRODUCTION, "contact_address", "contact_phone")
FIELDS = {*DETAILS, "processors", "lawful_basis"}
BASIS_FIELDS = {"article_6", "article_9", "law"}
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class LawfulBasis:
    purpose: str
    article_6: str  # a key of ARTICLE_6
    article_9: str | None = None  # a key of ARTICLE_9
    #: The law behind the task, shown as it is (e.g. "Children Act 1989, section 26").
    law: str | None = None

    @property
    def article_6_reference(self) -> str:
        return ARTICLE_6[self.article_6][0]

    @property
    def article_6_words(self) -> str:
        return ARTICLE_6[self.article_6][1]

    @property
    def article_9_reference(self) -> str | None:
        return ARTICLE_9[self.article_9][0] if self.article_9 else None

    @property
    def article_9_words(self) -> str | None:
        return ARTICLE_9[self.article_9][1] if self.article_9 else None


@dataclass(frozen=True)
class PrivacyDetails:
    """The ``privacy:`` section, checked. A detail the council has not given is None, never made up."""

    controller: str | None
    contact_email: str | None
    contact_address: str | None
    contact_phone: str | None
    dpo_name: str | None
    dpo_email: str | None
    processors: tuple[str, ...]
    lawful_bases: tuple[LawfulBasis, ...]

    def basis(self, purpose: str) -> LawfulBasis:
        return next(basis for basis in self.lawful_bases if basis.purpose == purpose)

    @property
    def relies_on_consent(self) -> bool:
        return any(b.article_6 == "consent" or b.article_9 == "explicit_consent" for b in self.lawful_bases)

    @property
    def missing(self) -> list[str]:
        """The details production needs that are not set, in the order of REQUIRED_IN_PRODUCTION."""
        return [name for name in REQUIRED_IN_PRODUCTION if not getattr(self, name)]


def privacy_details(section: Any, source: str = "the deployment settings") -> PrivacyDetails:
    """The ``privacy:`` section as PrivacyDetails; ValueError with one clear line if it is wrong."""
    where = f"{source}: privacy"
    if not isinstance(section, dict):
        raise ValueError(f"{where} must be a mapping with controller, contact_email, dpo_name, dpo_email "
                         "and lawful_basis")
    if unknown := set(section) - FIELDS:
        raise ValueError(f"{where}: unknown settings {', '.join(sorted(unknown))}")
    details: dict[str, str | None] = {}
    for name in DETAILS:
        value = section.get(name)
        if value is not None and not isinstance(value, str):
            raise ValueError(f"{where}: {name} must be text, not {value!r}")
        details[name] = value.strip() or None if value else None
    for name in ("contact_email", "dpo_email"):
        if details[name] and not EMAIL.match(details[name]):
            raise ValueError(f"{where}: {name} {details[name]!r} must be an email address such as "
                             "dpo@council.gov.uk")
    processors = section.get("processors") or []
    if not isinstance(processors, list) or not all(isinstance(p, str) and p.strip() for p in processors):
        raise ValueError(f"{where}: processors must be a list of lines of text, e.g. "
                         "\"Hosting: Example Cloud Ltd, servers in the UK\"")
    return PrivacyDetails(**details, processors=tuple(p.strip() for p in processors),
                          lawful_bases=_lawful_bases(section.get("lawful_basis"), where))


def _lawful_bases(section: Any, where: str) -> tuple[LawfulBasis, ...]:
    if not isinstance(section, dict):
        raise ValueError(f"{where}: lawful_basis must be a mapping with {', '.join(PURPOSES)}")
    if unknown := set(section) - set(PURPOSES):
        raise ValueError(f"{where}: lawful_basis: unknown purposes {', '.join(sorted(unknown))}; "
                         f"the purposes are {', '.join(PURPOSES)}")
    bases = []
    for purpose in PURPOSES:
        entry = section.get(purpose)
        if not isinstance(entry, dict):
            raise ValueError(f"{where}: lawful_basis: {purpose} must be a mapping with article_6 "
                             "(and article_9, law)")
        if unknown := set(entry) - BASIS_FIELDS:
            raise ValueError(f"{where}: lawful_basis: {purpose}: unknown settings {', '.join(sorted(unknown))}")
        article_6, article_9, law = entry.get("article_6"), entry.get("article_9") or None, entry.get("law") or None
        if article_6 not in ARTICLE_6:
            raise ValueError(f"{where}: lawful_basis: {purpose}: article_6 must be one of "
                             f"{', '.join(ARTICLE_6)}, not {article_6!r}")
        if article_9 is not None and article_9 not in ARTICLE_9:
            raise ValueError(f"{where}: lawful_basis: {purpose}: article_9 must be one of "
                             f"{', '.join(ARTICLE_9)}, not {article_9!r}")
        if purpose in NEEDS_ARTICLE_9 and article_9 is None:
            raise ValueError(f"{where}: lawful_basis: {purpose} needs article_9 (one of {', '.join(ARTICLE_9)}): "
                             "its data is special category")
        if law is not None and not isinstance(law, str):
            raise ValueError(f"{where}: lawful_basis: {purpose}: law must be text, not {law!r}")
        bases.append(LawfulBasis(purpose, article_6, article_9, law.strip() if law else None))
    return tuple(bases)


def production_problem(details: PrivacyDetails) -> str | None:
    """Why production (SESSION_COOKIE_SECURE on) must not start with these details, in one line; None if it may."""
    if missing := details.missing:
        return (f"SESSION_COOKIE_SECURE=1 (production) but the privacy notice lacks "
                f"{', '.join(f'privacy.{name}' for name in missing)}: set "
                f"{'it' if len(missing) == 1 else 'them'} in FEEDBACK_CONFIG (docs/deployment.md, section 3)")
    return None


@dataclass(frozen=True)
class Retention:
    """How long each kind of data is kept, from the settings the deleting jobs use."""

    contact_details_days: int
    flagged_text_days: int
    #: Staff accounts nobody signs in to are disabled after this many days; None: never.
    staff_unused_days: int | None


def retention(deployment: dict[str, Any]) -> Retention:
    # Imported here: both services import Flask-SQLAlchemy models, which config.py must not load.
    from feedback_app.complaints.service import DEFAULT_CONTACT_DETAILS_DAYS
    from feedback_app.concerns.service import DEFAULT_FLAGGED_TEXT_DAYS

    settings = deployment.get("retention") or {}
    unused = (deployment.get("staff_accounts") or {}).get("disable_after_days")
    return Retention(
        contact_details_days=int(settings.get("contact_details_days_after_closure", DEFAULT_CONTACT_DETAILS_DAYS)),
        flagged_text_days=int(settings.get("flagged_text_days_after_review", DEFAULT_FLAGGED_TEXT_DAYS)),
        staff_unused_days=int(unused) if unused else None,
    )

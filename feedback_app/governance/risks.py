"""The risks the DPIA rates and the measures against each, from the deployment's facts.

The ratings (likelihood, severity, overall) are the application's suggestion, in the ICO
template's words; the council confirms or changes them. ``risks`` and ``measures`` are in
the same order: the measures table pairs them.
"""

from __future__ import annotations

from feedback_app.governance.document import days
from feedback_app.governance.facts import Facts


def risks(facts: Facts) -> list[tuple[str, str, str, str, str]]:
    """(short name, risk, likelihood, severity, overall): the app's suggested ratings, for the council to confirm."""
    k = facts.min_responses_shown
    unchecked = bool(facts.unchecked_languages)
    return [
        ("Insider re-identification", "A member of staff works out which family wrote an answer",
         "Possible", "Severe", "Medium"),
        ("Identifying words", "A comment names the writer or says what only one family could say",
         "Probable", "Significant", "Medium"),
        ("Missed concern", "A child at risk is not helped because a concern is missed or not read in time",
         "Remote" if facts.mail_server_set else "Possible", "Severe", "Medium"),
        ("Copied data", "A database, backup or log copy is read by someone who should not",
         "Possible", "Significant", "Medium"),
        ("Account takeover", "A staff account is taken over (stolen password or cookie, a leaver)",
         "Possible", "Significant", "Medium"),
        ("Kept too long", "Contact details or concern text are kept longer than needed",
         "Remote", "Minimal", "Low"),
        ("Misleading translation", "A translation misleads a child or family about what happens to their answers",
         "Possible" if unchecked else "Remote", "Significant", "Medium" if unchecked else "Low"),
        ("Small numbers", f"Small numbers in published reports identify people (groups under {k})",
         "Remote", "Significant", "Low"),
    ]


def measures(facts: Facts) -> list[tuple[str, str, str]]:
    """(measures, effect, residual risk) for each of :func:`risks`, in the same order."""
    alerts = ("e-mail alerts and reminders" if facts.mail_server_set
              else "no e-mail: MAIL_SERVER is not set, the queue must be watched")
    unchecked = bool(facts.unchecked_languages)
    return [
        ("R1 to R10: whole months only, selections and groups under k show only a count, no card usage shown, "
         "random ids, audited views", "Reduced",
         "Low: differencing two periods by whole months stays possible and is visible in the audit log"),
        ("Comments read only by managers and administrators, by month, never in reports (R6)", "Reduced",
         "Medium: the words themselves can identify"),
        (f"Flag shown at once to the person (how to get help) and to leads and managers; {alerts}", "Reduced",
         "Low" if facts.mail_server_set else "Medium"),
        ("No address, agent or time stored (R9, R14, R15); backups encrypted and held by IT; `SECRET_KEY` kept "
         "apart", "Reduced", "Low"),
        ("Server-side sessions that end (R11), throttled sign-in (R12), Argon2 hashes, roles in one table",
         "Reduced", "Low"),
        (f"Retention job run daily: contact details after {days(facts.contact_details_days)}, concern text after "
         f"{days(facts.flagged_text_days)}", "Eliminated if cron runs it", "Low"),
        ("Offer only checked languages (`languages` setting); record who checked each", "Reduced",
         "Medium until checked" if unchecked else "Low"),
        ("Published mode suppresses counts of 1 to 4 and what reveals them (decision 0010)", "Reduced", "Low"),
    ]

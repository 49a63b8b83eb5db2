"""Who may open which staff page: one table, checked on every staff request.

A staff endpoint missing from ``ROUTE_ROLES`` is refused to everyone, so a new
page cannot be left open by forgetting it here; a test walks every registered
staff route as anonymous and as each role.
"""

from __future__ import annotations

ADMIN = "admin"
COMPLAINTS_OFFICER = "complaints_officer"
MANAGER = "manager"
CHAIR = "chair"
#: Builds and publishes questionnaires (issue 13); reads no answers.
EDITOR = "editor"
ROLES = (ADMIN, COMPLAINTS_OFFICER, MANAGER, EDITOR, CHAIR)
ROLE_NAMES = {ADMIN: "Administrator", COMPLAINTS_OFFICER: "Complaints officer", MANAGER: "Manager",
              CHAIR: "Conference chair", EDITOR: "Questionnaire editor"}

EVERYONE = frozenset(ROLES)
#: Pages anyone may open without signing in.
PUBLIC = frozenset({"staff.login", "staff.sso_start", "staff.sso_callback"})
#: The second step of signing in (feedback_app/staff/two_factor_routes.py): open only to a browser
#: whose password step has just succeeded; anyone else is sent to sign in. Nobody is signed in here.
SECOND_STEP = frozenset({"staff.two_factor", "staff.two_factor_setup"})

ROUTE_ROLES: dict[str, frozenset[str]] = {
    "staff.home": EVERYONE,
    "staff.logout": EVERYONE,
    "staff.users": frozenset({ADMIN}),
    "staff.new_user": frozenset({ADMIN}),
    "staff.edit_user": frozenset({ADMIN}),
    "staff.unlock_user": frozenset({ADMIN}),
    "staff.reset_two_factor": frozenset({ADMIN}),
    # Everyone signed in changes their own password (an administrator resets other people's).
    "staff.change_password": EVERYONE,
    "staff.audit_log": frozenset({ADMIN}),
    "staff.audit_log_csv": frozenset({ADMIN}),
    # The complaints register (feedback_app/complaints): managers read, the complaints officer keeps it.
    "staff.complaints": frozenset({ADMIN, COMPLAINTS_OFFICER, MANAGER}),
    "staff.complaint": frozenset({ADMIN, COMPLAINTS_OFFICER, MANAGER}),
    "staff.new_complaint": frozenset({ADMIN, COMPLAINTS_OFFICER}),
    "staff.edit_complaint": frozenset({ADMIN, COMPLAINTS_OFFICER}),
    "staff.void_complaint": frozenset({ADMIN, COMPLAINTS_OFFICER}),
    "staff.add_complaint_note": frozenset({ADMIN, COMPLAINTS_OFFICER}),
    "staff.export_complaints": frozenset({ADMIN, COMPLAINTS_OFFICER, MANAGER}),
    "staff.invitations": frozenset({ADMIN, CHAIR}),
    "staff.new_invitations": frozenset({ADMIN, CHAIR}),
    "staff.paper_forms": EVERYONE,
    "staff.paper_pdf_download": EVERYONE,
    "staff.paper_entry": frozenset({ADMIN, CHAIR, COMPLAINTS_OFFICER, MANAGER}),
    # Safeguarding: managers, administrators, and the safeguarding leads whatever their role.
    "staff.concerns": frozenset({ADMIN, MANAGER}),
    "staff.concern": frozenset({ADMIN, MANAGER}),
    # The reading queue (feedback_app/reading): every child's words, for managers and the leads only
    # (decision 0024): not administrators, whose work is accounts, not children's words.
    "staff.reading": frozenset({MANAGER}),
    "staff.mark_read": frozenset({MANAGER}),
    "staff.raise_from_reading": frozenset({MANAGER}),
    # Reports (feedback_app/reports): the annual complaints report for whoever keeps or reads the register;
    # satisfaction summaries and the comments people wrote for managers.
    "staff.reports": frozenset({ADMIN, COMPLAINTS_OFFICER, MANAGER}),
    "staff.complaints_report": frozenset({ADMIN, COMPLAINTS_OFFICER, MANAGER}),
    "staff.download_complaints_report": frozenset({ADMIN, COMPLAINTS_OFFICER, MANAGER}),
    "staff.satisfaction_report": frozenset({ADMIN, MANAGER}),
    "staff.download_satisfaction_report": frozenset({ADMIN, MANAGER}),
    "staff.comments": frozenset({ADMIN, MANAGER}),
    # Which languages the public pages offer and how far each translation can be trusted (issue 11).
    "staff.languages": EVERYONE,
    # The questionnaire builder (feedback_app/builder): editors and administrators change the questions.
    **{endpoint: frozenset({ADMIN, EDITOR}) for endpoint in (
        "staff.questionnaires", "staff.new_questionnaire", "staff.start_draft", "staff.questionnaire_draft",
        "staff.questionnaire_settings", "staff.add_question", "staff.edit_question", "staff.move_question",
        "staff.remove_question", "staff.child_version", "staff.preview_questionnaire", "staff.publish_questionnaire",
        "staff.questionnaire_history", "staff.discard_draft", "staff.questionnaire_translations",
        "staff.download_questionnaire_po")},
}
#: Pages a configured safeguarding lead may open as well as the roles above.
SAFEGUARDING_LEAD_PAGES = frozenset({"staff.concerns", "staff.concern", "staff.home", "staff.logout", "staff.reading",
                                     "staff.mark_read", "staff.raise_from_reading"})


def allowed(endpoint: str | None, role: str | None, safeguarding_lead: bool = False) -> bool:
    if endpoint in PUBLIC or (safeguarding_lead and endpoint in SAFEGUARDING_LEAD_PAGES):
        return True
    return role is not None and role in ROUTE_ROLES.get(endpoint or "", frozenset())

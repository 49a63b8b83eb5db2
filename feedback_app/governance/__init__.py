"""What a council's information governance team needs from the app (issue 12).

``flask --app feedback_app governance dpia --out FILE`` writes a draft data protection
impact assessment, filled in from the running deployment, as FILE.md and FILE.pdf.
The command group is listed in ``feedback_app/routes.py``.
"""

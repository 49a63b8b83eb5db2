"""Safeguarding concerns: free text that suggests a child may be at risk.

The respondent sees how to get help at once; the response is flagged for a
designated reviewer (a manager or administrator, or a safeguarding lead: an account
an administrator marked as one, or an email in the deployment's ``safeguarding_leads``),
who reads the text with its non-identifying context and records what was done. The
leads are e-mailed that a concern is waiting (feedback_app/alerts). Nothing more about
the respondent is collected.
"""

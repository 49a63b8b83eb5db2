"""Safeguarding concerns: free text that suggests a child may be at risk.

The respondent sees how to get help at once; the response is flagged for a
designated reviewer (role ``manager``, or a staff account named in the
deployment's ``safeguarding_leads``), who reads the text with its non-identifying
context and records what was done. Nothing more about the respondent is collected.
"""

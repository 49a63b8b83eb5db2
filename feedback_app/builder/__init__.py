"""Questionnaires councils build and publish themselves (issue 13): stored as versioned
documents in the database, in the shape of the shipped YAML files (forms/documents.py)."""

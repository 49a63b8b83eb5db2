"""Questionnaire definitions (YAML), their schema and the WTForms builder. No Flask here."""

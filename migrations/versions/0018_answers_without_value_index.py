"""Answers without the (question_id, value) index (decision 0028)

Revision ID: 0018_answers_without_value_index
Revises: 0017_questionnaire_documents
Create Date: 2026-12-01

No query reads answers by question and value: the comments page and every report find their
responses through ``ix_responses_report`` and then their answers by the primary key
(response_id, question_id, position), and free-text search is a LIKE that no index serves. Yet
each of a submission's 20-odd answers put a row into this index, in as many pages as questions,
all written again at each commit: about 6 % of the app's CPU for a submission (bench/README.md).
"""
from alembic import op

revision = '0018_answers_without_value_index'
down_revision = '0017_questionnaire_documents'
branch_labels = None
depends_on = None


# Plain DROP/CREATE INDEX on both databases: a batch operation could copy the table on SQLite.
def upgrade():
    op.drop_index('ix_answers_question_value', table_name='answers')


def downgrade():
    op.create_index('ix_answers_question_value', 'answers', ['question_id', 'value'], unique=False)

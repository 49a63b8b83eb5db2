"""Each response's choices as a fixed-width code, and an index reports read alone

Revision ID: 0007_response_choice_codes
Revises: 0006_meeting_month
Create Date: 2026-11-24

Responses stored before this revision get their code from their answers here, using
the codebook pinned for their definition version (forms/codebooks.json).
"""
from collections import defaultdict

import sqlalchemy as sa
from alembic import op

revision = '0007_response_choice_codes'
down_revision = '0006_meeting_month'
branch_labels = None
depends_on = None

REPORT_COLUMNS = ['questionnaire', 'submitted_on', 'definition_version', 'variant', 'meeting_type', 'team', 'choices']


def upgrade():
    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.add_column(sa.Column('choices', sa.String(length=400), nullable=True))
    _code_existing_responses(op.get_bind())
    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.drop_index('ix_responses_questionnaire_date')
        batch_op.create_index('ix_responses_report', REPORT_COLUMNS, unique=False)


def downgrade():
    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.drop_index('ix_responses_report')
        batch_op.create_index('ix_responses_questionnaire_date', ['questionnaire', 'submitted_on'], unique=False)
        batch_op.drop_column('choices')


def _code_existing_responses(connection):
    from forms.codebook import pinned_codebook

    responses = connection.execute(sa.text("SELECT id, questionnaire, definition_version FROM responses")).all()
    if not responses:
        return
    answers = defaultdict(lambda: defaultdict(list))
    for response_id, question_id, value in connection.execute(
            sa.text("SELECT response_id, question_id, value FROM answers ORDER BY response_id, question_id, position")):
        answers[response_id][question_id].append(value)
    updates = []
    for response_id, slug, version in responses:
        try:
            codebook = pinned_codebook(slug, version)
        except KeyError:
            continue  # a questionnaire this code base no longer has: nothing to report it with
        updates.append({"id": response_id, "choices": codebook.encode(answers.get(response_id, {}))})
    if updates:
        connection.execute(sa.text("UPDATE responses SET choices = :choices WHERE id = :id"), updates)

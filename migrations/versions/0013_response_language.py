"""Each response records the language it was answered in (issue 11)

Revision ID: 0013_response_language
Revises: 0012_casework
Create Date: 2026-11-30

A language code (``en``, ``ar``, ``pa``...), never a time or a device. Every response
stored before this revision was answered in English — the service spoke nothing else —
so they get ``en``. The reports' covering index gains the column, so a summary by
language still reads the index alone.
"""
import sqlalchemy as sa
from alembic import op

revision = '0013_response_language'
down_revision = '0012_casework'
branch_labels = None
depends_on = None

REPORT_COLUMNS = ['questionnaire', 'submitted_on', 'definition_version', 'variant', 'meeting_type', 'team']


def upgrade():
    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=16), nullable=False, server_default='en'))
        batch_op.drop_index('ix_responses_report')
        batch_op.create_index('ix_responses_report', [*REPORT_COLUMNS, 'language', 'choices'], unique=False)


def downgrade():
    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.drop_index('ix_responses_report')
        batch_op.create_index('ix_responses_report', [*REPORT_COLUMNS, 'choices'], unique=False)
        batch_op.drop_column('language')

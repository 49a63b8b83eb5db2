"""The month of the meeting, from an invitation card

Revision ID: 0006_meeting_month
Revises: 0005_safeguarding_flags
Create Date: 2026-11-24

"""
import sqlalchemy as sa
from alembic import op

revision = '0006_meeting_month'
down_revision = '0005_safeguarding_flags'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.add_column(sa.Column('meeting_month', sa.String(length=7), nullable=True))


def downgrade():
    with op.batch_alter_table('responses', schema=None) as batch_op:
        batch_op.drop_column('meeting_month')

"""Safeguarding flags on responses

Revision ID: 0005_safeguarding_flags
Revises: 0004_complaints_register
Create Date: 2026-11-24

"""
import sqlalchemy as sa
from alembic import op

revision = '0005_safeguarding_flags'
down_revision = '0004_complaints_register'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('safeguarding_flags',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('response_id', sa.String(length=32), nullable=False),
    sa.Column('categories', sa.String(length=255), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('action_taken', sa.Text(), nullable=True),
    sa.Column('reviewed_by', sa.Integer(), nullable=True),
    sa.Column('reviewed_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['response_id'], ['responses.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reviewed_by'], ['staff_users.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('response_id'),
    sqlite_with_rowid=False
    )
    with op.batch_alter_table('safeguarding_flags', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_safeguarding_flags_status'), ['status'], unique=False)


def downgrade():
    with op.batch_alter_table('safeguarding_flags', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_safeguarding_flags_status'))
    op.drop_table('safeguarding_flags')

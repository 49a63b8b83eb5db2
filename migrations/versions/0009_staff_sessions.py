"""Staff sessions kept on the server; sign-in slow-downs move to the rate limiter's storage

Revision ID: 0009_staff_sessions
Revises: 0008_card_context
Create Date: 2026-11-30

A signed cookie alone cannot be withdrawn: ``staff_sessions`` holds one row per
signed-in browser (the SHA-256 of the token its cookie carries), deleted on sign
out, password change or reset and disabling. ``session_version`` did that job
badly (a copied cookie worked until the next reset) and goes. ``failed_logins``
and ``locked_until`` locked an account for everyone after five wrong passwords
from anywhere; sign-in now slows down per address and account in the limiter's
storage (feedback_app/staff/throttle.py), so they go too. Everyone signs in again
after this upgrade.
"""
import sqlalchemy as sa
from alembic import op

revision = '0009_staff_sessions'
down_revision = '0008_card_context'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'staff_sessions',
        sa.Column('token_hash', sa.String(length=64), nullable=False),
        sa.Column('staff_user_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('last_seen_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['staff_user_id'], ['staff_users.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('token_hash'),
    )
    with op.batch_alter_table('staff_sessions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_sessions_staff_user_id'), ['staff_user_id'], unique=False)
    with op.batch_alter_table('staff_users', schema=None) as batch_op:
        batch_op.drop_column('failed_logins')
        batch_op.drop_column('locked_until')
        batch_op.drop_column('session_version')


def downgrade():
    with op.batch_alter_table('staff_users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), nullable=False, server_default='1'))
        batch_op.add_column(sa.Column('locked_until', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('failed_logins', sa.Integer(), nullable=False, server_default='0'))
    with op.batch_alter_table('staff_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_sessions_staff_user_id'))
    op.drop_table('staff_sessions')

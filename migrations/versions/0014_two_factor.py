"""Two-factor sign-in for staff (issue 12): a TOTP key per account and one-time recovery codes

Revision ID: 0014_two_factor
Revises: 0013_response_language
Create Date: 2026-11-30

``totp_secret`` holds the key encrypted (Fernet, with a key derived from SECRET_KEY, which is
not in the database): a copy of the database or a backup cannot make codes. ``two_factor_on``
is set once the person has typed a first code; until then the key is only being set up.
``totp_last_step`` is the time-step of the last code used, so no code works twice.
Recovery codes are kept as SHA-256 hashes only; a used one is deleted.
"""
import sqlalchemy as sa
from alembic import op

revision = '0014_two_factor'
down_revision = '0013_response_language'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('staff_users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('totp_secret', sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column('two_factor_on', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('totp_last_step', sa.BigInteger(), nullable=True))
    op.create_table(
        'staff_recovery_codes',
        sa.Column('code_hash', sa.String(length=64), primary_key=True),
        sa.Column('staff_user_id', sa.Integer(), sa.ForeignKey('staff_users.id', ondelete='CASCADE'),
                  nullable=False, index=True),
    )


def downgrade():
    op.drop_table('staff_recovery_codes')
    with op.batch_alter_table('staff_users', schema=None) as batch_op:
        batch_op.drop_column('totp_last_step')
        batch_op.drop_column('two_factor_on')
        batch_op.drop_column('totp_secret')

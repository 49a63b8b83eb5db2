"""Invitation codes and batches

Revision ID: 0003_invitation_codes
Revises: 0002_staff_accounts
Create Date: 2026-11-24

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003_invitation_codes'
down_revision = '0002_staff_accounts'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'invitation_batches',
        sa.Column('id', sa.String(length=32), nullable=False),
        sa.Column('meeting_type', sa.String(length=32), nullable=False),
        sa.Column('month', sa.String(length=7), nullable=False),
        sa.Column('team', sa.String(length=64), nullable=True),
        sa.Column('questionnaires', sa.String(length=400), nullable=False),
        sa.Column('cards_each', sa.Integer(), nullable=False),
        sa.Column('created_on', sa.Date(), nullable=False),
        sa.Column('created_by', sa.String(length=254), nullable=False),
        sa.PrimaryKeyConstraint('id'),
    )
    # A code row keeps no response id and no time of use: only whether it was used.
    op.create_table(
        'invitation_codes',
        sa.Column('code_hash', sa.String(length=64), nullable=False),
        sa.Column('batch_id', sa.String(length=32), nullable=False),
        sa.Column('questionnaire', sa.String(length=64), nullable=False),
        sa.Column('used', sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(['batch_id'], ['invitation_batches.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('code_hash'),
        sqlite_with_rowid=False,
    )
    with op.batch_alter_table('invitation_codes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_invitation_codes_batch_id'), ['batch_id'], unique=False)


def downgrade():
    with op.batch_alter_table('invitation_codes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_invitation_codes_batch_id'))
    op.drop_table('invitation_codes')
    op.drop_table('invitation_batches')

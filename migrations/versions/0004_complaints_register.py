"""Complaints register

Revision ID: 0004_complaints_register
Revises: 0003_invitation_codes
Create Date: 2026-11-24

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004_complaints_register'
down_revision = '0003_invitation_codes'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('population',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('dimension', sa.String(length=16), nullable=False),
    sa.Column('group', sa.String(length=32), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('year', 'dimension', 'group')
    )
    op.create_table('representations',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('reference', sa.String(length=40), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('service_area', sa.String(length=100), nullable=True),
    sa.Column('category', sa.String(length=100), nullable=True),
    sa.Column('made_by', sa.String(length=16), nullable=False),
    sa.Column('contact_method', sa.String(length=50), nullable=True),
    sa.Column('procedure', sa.String(length=16), nullable=True),
    sa.Column('advocate', sa.Boolean(), nullable=True),
    sa.Column('service_user_ethnicity', sa.String(length=32), nullable=True),
    sa.Column('service_user_disability', sa.String(length=16), nullable=True),
    sa.Column('stage1_responded_on', sa.Date(), nullable=True),
    sa.Column('stage1_extended', sa.Boolean(), nullable=False),
    sa.Column('stage1_extension_reason', sa.Text(), nullable=True),
    sa.Column('stage2_started_on', sa.Date(), nullable=True),
    sa.Column('stage2_responded_on', sa.Date(), nullable=True),
    sa.Column('stage2_extended_to', sa.Integer(), nullable=True),
    sa.Column('stage2_extension_reason', sa.Text(), nullable=True),
    sa.Column('stage3_requested_on', sa.Date(), nullable=True),
    sa.Column('stage3_panel_on', sa.Date(), nullable=True),
    sa.Column('stage3_responded_on', sa.Date(), nullable=True),
    sa.Column('outcome', sa.String(length=32), nullable=True),
    sa.Column('ombudsman_decision', sa.String(length=40), nullable=True),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('summary', sa.Text(), nullable=True),
    sa.Column('contact_details', sa.Text(), nullable=True),
    sa.Column('response_id', sa.String(length=32), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['response_id'], ['responses.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('reference'),
    sqlite_with_rowid=False
    )
    with op.batch_alter_table('representations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_representations_closed_on'), ['closed_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_representations_received_on'), ['received_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_representations_status'), ['status'], unique=False)


def downgrade():
    with op.batch_alter_table('representations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_representations_status'))
        batch_op.drop_index(batch_op.f('ix_representations_received_on'))
        batch_op.drop_index(batch_op.f('ix_representations_closed_on'))

    op.drop_table('representations')
    op.drop_table('population')

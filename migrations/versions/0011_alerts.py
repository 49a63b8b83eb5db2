"""Safeguarding alerts: an outbox of e-mails to leads, and a lead flag on staff accounts

Revision ID: 0011_alerts
Revises: 0010_used_cards_apart
Create Date: 2026-11-30

``staff_users.safeguarding_lead``: an administrator marks an account as a designated
safeguarding lead (as well as the deployment YAML's ``safeguarding_leads`` emails); leads
review concerns and are e-mailed about them.

``safeguarding_alerts``: one row per message to one lead about one concern, written and
sent by ``flask alerts send`` (feedback_app/alerts), never by the submission. Its rows are
deleted when their concern is reviewed, because the first one's time is close to when the
flagged response arrived. No rowid on SQLite, as for the respondents' tables.
"""
import sqlalchemy as sa
from alembic import op

revision = '0011_alerts'
down_revision = '0010_used_cards_apart'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'safeguarding_alerts',
        sa.Column('id', sa.String(length=32), nullable=False),
        sa.Column('flag_id', sa.String(length=32), nullable=False),
        sa.Column('recipient', sa.String(length=254), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['flag_id'], ['safeguarding_flags.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('flag_id', 'recipient', 'kind'),
        sqlite_with_rowid=False,
    )
    with op.batch_alter_table('safeguarding_alerts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_safeguarding_alerts_flag_id'), ['flag_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_safeguarding_alerts_next_attempt_at'), ['next_attempt_at'],
                              unique=False)
    with op.batch_alter_table('staff_users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('safeguarding_lead', sa.Boolean(), server_default=sa.false(), nullable=False))


def downgrade():
    with op.batch_alter_table('staff_users', schema=None) as batch_op:
        batch_op.drop_column('safeguarding_lead')
    with op.batch_alter_table('safeguarding_alerts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_safeguarding_alerts_next_attempt_at'))
        batch_op.drop_index(batch_op.f('ix_safeguarding_alerts_flag_id'))
    op.drop_table('safeguarding_alerts')

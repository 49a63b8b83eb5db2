"""The reading queue: every child's free-text answer, read by a person within a deadline

Revision ID: 0016_reading_queue
Revises: 0015_single_sign_on
Create Date: 2026-12-01

``reading_queue``: one row per free-text answer to a children's version of a questionnaire
(or to have-your-say), made with its response; once read, the day (never a time), who read
it and whether it was raised as a concern. Nothing about the respondent beyond the response
and question (docs/decisions/0024). ``reading_reminders``: the e-mails owed to leads while
answers are past their deadline, one a lead a day. No rowid on SQLite, as for the
respondents' tables. Responses already stored do not enter the queue: they were sent before
anyone promised to read them, and a manager reads them on the comments page.
"""
import sqlalchemy as sa
from alembic import op

revision = '0016_reading_queue'
down_revision = '0015_single_sign_on'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'reading_queue',
        sa.Column('id', sa.String(length=32), nullable=False),
        sa.Column('response_id', sa.String(length=32), nullable=False),
        sa.Column('question_id', sa.String(length=64), nullable=False),
        sa.Column('likely_concern', sa.Boolean(), nullable=False),
        sa.Column('read_on', sa.Date(), nullable=True),
        sa.Column('read_by', sa.Integer(), nullable=True),
        sa.Column('outcome', sa.String(length=16), nullable=True),
        sa.ForeignKeyConstraint(['read_by'], ['staff_users.id'], ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['response_id'], ['responses.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('response_id', 'question_id'),
        sqlite_with_rowid=False,
    )
    with op.batch_alter_table('reading_queue', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reading_queue_read_on'), ['read_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_reading_queue_response_id'), ['response_id'], unique=False)
    op.create_table(
        'reading_reminders',
        sa.Column('id', sa.String(length=32), nullable=False),
        sa.Column('recipient', sa.String(length=254), nullable=False),
        sa.Column('due_on', sa.Date(), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('next_attempt_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('sent_at', sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('recipient', 'due_on'),
        sqlite_with_rowid=False,
    )
    with op.batch_alter_table('reading_reminders', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reading_reminders_next_attempt_at'), ['next_attempt_at'], unique=False)


def downgrade():
    with op.batch_alter_table('reading_reminders', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reading_reminders_next_attempt_at'))
    op.drop_table('reading_reminders')
    with op.batch_alter_table('reading_queue', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reading_queue_response_id'))
        batch_op.drop_index(batch_op.f('ix_reading_queue_read_on'))
    op.drop_table('reading_queue')

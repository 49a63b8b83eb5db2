"""Questionnaire documents: drafts and published versions of questionnaires built by staff (issue 13)

Revision ID: 0017_questionnaire_documents
Revises: 0016_reading_queue
Create Date: 2026-12-01

Each row is one definition in the shape of a forms/definitions YAML file, as JSON text.
The shipped files stay the defaults; the newest published row for a slug replaces its file.
``questionnaire_translations``: one language's uploaded translations of one questionnaire.
"""
import sqlalchemy as sa
from alembic import op

revision = '0017_questionnaire_documents'
down_revision = '0016_reading_queue'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'questionnaire_documents',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('slug', sa.String(length=64), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('definition', sa.Text(), nullable=False),
        sa.Column('codebook', sa.Text(), nullable=True),
        sa.Column('note', sa.Text(), nullable=False),
        sa.Column('changes', sa.Text(), nullable=False),
        sa.Column('saved_by', sa.String(length=254), nullable=False),
        sa.Column('saved_on', sa.Date(), nullable=False),
        sa.Column('published_by', sa.String(length=254), nullable=True),
        sa.Column('published_on', sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('slug', 'status', 'version', name='uq_questionnaire_documents_version'),
    )
    with op.batch_alter_table('questionnaire_documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_questionnaire_documents_slug'), ['slug'], unique=False)
    op.create_table(
        'questionnaire_translations',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('slug', sa.String(length=64), nullable=False),
        sa.Column('language', sa.String(length=16), nullable=False),
        sa.Column('messages', sa.Text(), nullable=False),
        sa.Column('saved_by', sa.String(length=254), nullable=False),
        sa.Column('saved_on', sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('slug', 'language', name='uq_questionnaire_translations_language'),
    )


def downgrade():
    op.drop_table('questionnaire_translations')
    with op.batch_alter_table('questionnaire_documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_questionnaire_documents_slug'))
    op.drop_table('questionnaire_documents')

"""Complaints register

Revision ID: 0004_complaints_register
Revises: 0003_invitation_codes
Create Date: 2026-11-24

"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401


# revision identifiers, used by Alembic.
revision = '0004_complaints_register'
down_revision = '0003_invitation_codes'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass

"""Invitation codes and batches

Revision ID: 0003_invitation_codes
Revises: 0002_staff_accounts
Create Date: 2026-11-24

"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401


# revision identifiers, used by Alembic.
revision = '0003_invitation_codes'
down_revision = '0002_staff_accounts'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass

"""customer owner tags

Revision ID: 5e0c7f1a9b21
Revises: 5e0c7b9a41d2
Create Date: 2026-12-04 06:10:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '5e0c7f1a9b21'
down_revision = '5e0c7b9a41d2'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('customers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('owner_tags', sa.JSON(), server_default='[]', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('customers', schema=None) as batch_op:
        batch_op.drop_column('owner_tags')

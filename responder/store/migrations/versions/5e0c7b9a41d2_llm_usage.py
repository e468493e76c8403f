"""llm usage: the daily token budget per store, shared by every process

Revision ID: 5e0c7b9a41d2
Revises: 221153b5a4f8
Create Date: 2026-12-04 06:00:00.000000
"""
from alembic import op
import sqlalchemy as sa


revision = '5e0c7b9a41d2'
down_revision = '221153b5a4f8'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'llm_usage',
        sa.Column('scope', sa.String(), nullable=False),
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('tokens_in', sa.BigInteger(), nullable=False),
        sa.Column('tokens_out', sa.BigInteger(), nullable=False),
        sa.Column('calls', sa.Integer(), nullable=False),
        sa.Column('failures', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('scope', 'day'),
    )


def downgrade() -> None:
    op.drop_table('llm_usage')

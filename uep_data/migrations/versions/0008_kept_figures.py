"""Kept figures: the counts the pages read instead of the rows behind them

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "kept_readings",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("source", sa.String(length=60), nullable=False),
        sa.Column("measure", sa.String(length=80), nullable=False),
        sa.Column("moment", sa.String(length=40), nullable=False),
        sa.Column("scope", sa.String(length=400), nullable=False),
        sa.Column("breakdown", sa.String(length=120), nullable=False),
        sa.Column("figures", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kept_readings")),
        sa.UniqueConstraint("measure", "moment", "scope", "breakdown", name="uq_kept_readings_key"),
    )
    op.create_index(op.f("ix_kept_readings_source"), "kept_readings", ["source"], unique=False)
    op.create_table(
        "kept_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("definitions", sa.String(length=64), nullable=False),
        sa.Column("counted_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kept_state")),
    )


def downgrade() -> None:
    op.drop_table("kept_state")
    op.drop_index(op.f("ix_kept_readings_source"), table_name="kept_readings")
    op.drop_table("kept_readings")

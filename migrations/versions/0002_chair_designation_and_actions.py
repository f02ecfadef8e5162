"""chair designation and actions

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27 08:53:24.879929
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "actions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conference_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("owner_id", sa.Integer(), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "status IN ('open', 'in_progress', 'done', 'dropped')", name=op.f("ck_actions_status")
        ),
        sa.CheckConstraint("number > 0", name=op.f("ck_actions_number_positive")),
        sa.ForeignKeyConstraint(
            ["conference_id"], ["conferences.id"], name=op.f("fk_actions_conference_id_conferences")
        ),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["parties.id"], name=op.f("fk_actions_owner_id_parties")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_actions")),
        sa.UniqueConstraint(
            "conference_id", "number", name=op.f("uq_actions_conference_id_number")
        ),
    )
    with op.batch_alter_table("actions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_actions_conference_id"), ["conference_id"], unique=False
        )

    op.create_table(
        "chair_nominations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conference_id", sa.Integer(), nullable=False),
        sa.Column("state_id", sa.Integer(), nullable=False),
        sa.Column("person", sa.String(length=200), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=True),
        sa.Column("nominated_by_id", sa.Integer(), nullable=True),
        sa.Column("nominated_on", sa.Date(), nullable=False),
        sa.Column("withdrawn_on", sa.Date(), nullable=True),
        sa.Column("is_sample", sa.Boolean(), nullable=False),
        sa.CheckConstraint(
            "withdrawn_on IS NULL OR withdrawn_on >= nominated_on",
            name=op.f("ck_chair_nominations_withdrawn_after_nominated"),
        ),
        sa.ForeignKeyConstraint(
            ["conference_id"],
            ["conferences.id"],
            name=op.f("fk_chair_nominations_conference_id_conferences"),
        ),
        sa.ForeignKeyConstraint(
            ["nominated_by_id"],
            ["parties.id"],
            name=op.f("fk_chair_nominations_nominated_by_id_parties"),
        ),
        sa.ForeignKeyConstraint(
            ["state_id"], ["parties.id"], name=op.f("fk_chair_nominations_state_id_parties")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chair_nominations")),
        sa.UniqueConstraint(
            "id", "conference_id", name=op.f("uq_chair_nominations_id_conference_id")
        ),
    )
    with op.batch_alter_table("chair_nominations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_chair_nominations_conference_id"), ["conference_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_chair_nominations_state_id"), ["state_id"], unique=False
        )

    op.create_table(
        "chair_processes",
        sa.Column("conference_id", sa.Integer(), nullable=False),
        sa.Column("target_date", sa.Date(), nullable=True),
        sa.Column("target_is_sample", sa.Boolean(), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["conference_id"],
            ["conferences.id"],
            name=op.f("fk_chair_processes_conference_id_conferences"),
        ),
        sa.PrimaryKeyConstraint("conference_id", name=op.f("pk_chair_processes")),
    )
    op.create_table(
        "action_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("noted_on", sa.Date(), nullable=False),
        sa.Column("author", sa.String(length=200), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["action_id"], ["actions.id"], name=op.f("fk_action_notes_action_id_actions")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_action_notes")),
    )
    with op.batch_alter_table("action_notes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_action_notes_action_id"), ["action_id"], unique=False)

    op.create_table(
        "chair_designations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conference_id", sa.Integer(), nullable=False),
        sa.Column("nomination_id", sa.Integer(), nullable=False),
        sa.Column("designated_on", sa.Date(), nullable=False),
        sa.Column("meeting_ref", sa.String(length=300), nullable=True),
        sa.Column("replaces_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("is_sample", sa.Boolean(), nullable=False),
        sa.CheckConstraint(
            "(replaces_id IS NULL AND reason IS NULL)"
            " OR (replaces_id IS NOT NULL AND reason IS NOT NULL)",
            name=op.f("ck_chair_designations_reason_exactly_when_replacing"),
        ),
        sa.ForeignKeyConstraint(
            ["conference_id"],
            ["conferences.id"],
            name=op.f("fk_chair_designations_conference_id_conferences"),
        ),
        sa.ForeignKeyConstraint(
            ["nomination_id", "conference_id"],
            ["chair_nominations.id", "chair_nominations.conference_id"],
            name="fk_chair_designations_nomination_of_conference",
        ),
        sa.ForeignKeyConstraint(
            ["replaces_id"],
            ["chair_designations.id"],
            name=op.f("fk_chair_designations_replaces_id_chair_designations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chair_designations")),
        sa.UniqueConstraint("replaces_id", name=op.f("uq_chair_designations_replaces_id")),
    )
    with op.batch_alter_table("chair_designations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_chair_designations_conference_id"), ["conference_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_chair_designations_nomination_id"), ["nomination_id"], unique=False
        )
        batch_op.create_index(
            "uq_chair_designations_first_per_conference",
            ["conference_id"],
            unique=True,
            sqlite_where=sa.text("replaces_id IS NULL"),
            postgresql_where=sa.text("replaces_id IS NULL"),
        )

    op.create_table(
        "chair_endorsements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("nomination_id", sa.Integer(), nullable=False),
        sa.Column("party_id", sa.Integer(), nullable=False),
        sa.Column("endorsed_on", sa.Date(), nullable=False),
        sa.Column("is_sample", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["nomination_id"],
            ["chair_nominations.id"],
            name=op.f("fk_chair_endorsements_nomination_id_chair_nominations"),
        ),
        sa.ForeignKeyConstraint(
            ["party_id"], ["parties.id"], name=op.f("fk_chair_endorsements_party_id_parties")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_chair_endorsements")),
        sa.UniqueConstraint(
            "nomination_id", "party_id", name=op.f("uq_chair_endorsements_nomination_id_party_id")
        ),
    )
    with op.batch_alter_table("chair_endorsements", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_chair_endorsements_nomination_id"), ["nomination_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("chair_endorsements", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_chair_endorsements_nomination_id"))

    op.drop_table("chair_endorsements")
    with op.batch_alter_table("chair_designations", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_chair_designations_first_per_conference",
            sqlite_where=sa.text("replaces_id IS NULL"),
            postgresql_where=sa.text("replaces_id IS NULL"),
        )
        batch_op.drop_index(batch_op.f("ix_chair_designations_nomination_id"))
        batch_op.drop_index(batch_op.f("ix_chair_designations_conference_id"))

    op.drop_table("chair_designations")
    with op.batch_alter_table("action_notes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_action_notes_action_id"))

    op.drop_table("action_notes")
    op.drop_table("chair_processes")
    with op.batch_alter_table("chair_nominations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_chair_nominations_state_id"))
        batch_op.drop_index(batch_op.f("ix_chair_nominations_conference_id"))

    op.drop_table("chair_nominations")
    with op.batch_alter_table("actions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_actions_conference_id"))

    op.drop_table("actions")

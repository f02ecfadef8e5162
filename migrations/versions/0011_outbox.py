"""Outbox of e-mails and reminders of overdue contributions; contacts' language and opt-out

Revision ID: 0011
Revises: 0010
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import planner.db
import planner.finance.money

revision: str = "0011"
down_revision: str | Sequence[str] | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "payment_reminders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conference_id", sa.Integer(), nullable=False),
        sa.Column("party_id", sa.Integer(), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("queued_at", planner.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column(
            "overdue", planner.finance.money.ExactDecimal(precision=24, scale=6), nullable=False
        ),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.CheckConstraint("overdue > 0", name=op.f("ck_payment_reminders_overdue_positive")),
        sa.ForeignKeyConstraint(
            ["conference_id"],
            ["conferences.id"],
            name=op.f("fk_payment_reminders_conference_id_conferences"),
        ),
        sa.ForeignKeyConstraint(
            ["party_id"], ["parties.id"], name=op.f("fk_payment_reminders_party_id_parties")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payment_reminders")),
    )
    with op.batch_alter_table("payment_reminders", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_payment_reminders_party_id"), ["party_id"], unique=False
        )

    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.String(length=250), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("method", sa.String(length=10), nullable=True),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("occurrence_start_local", sa.DateTime(), nullable=True),
        sa.Column("reminder_id", sa.Integer(), nullable=True),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("recipient", sa.String(length=320), nullable=False),
        sa.Column("recipient_name", sa.String(length=200), nullable=False),
        sa.Column("language", sa.String(length=5), nullable=False),
        sa.Column("body", sa.LargeBinary(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("queued_at", planner.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("not_before", planner.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("next_attempt_at", planner.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("sent_at", planner.db.UTCDateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "(kind = 'invitation' AND method IN ('REQUEST', 'CANCEL') AND meeting_id IS NOT NULL)"
            " OR (kind = 'reminder' AND method IS NULL AND body IS NOT NULL)",
            name=op.f("ck_outbox_invitation_or_letter"),
        ),
        sa.CheckConstraint("kind IN ('invitation', 'reminder')", name=op.f("ck_outbox_kind")),
        sa.CheckConstraint(
            "status IN ('queued', 'sent', 'failed', 'superseded')", name=op.f("ck_outbox_status")
        ),
        sa.CheckConstraint("attempts >= 0", name=op.f("ck_outbox_attempts_not_negative")),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contacts.id"], name=op.f("fk_outbox_contact_id_contacts")
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_outbox_meeting_id_meetings")
        ),
        sa.ForeignKeyConstraint(
            ["reminder_id"],
            ["payment_reminders.id"],
            name=op.f("fk_outbox_reminder_id_payment_reminders"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
        sa.UniqueConstraint("message_id", name=op.f("uq_outbox_message_id")),
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index("ix_outbox_due", ["status", "next_attempt_at"], unique=False)
        batch_op.create_index(
            "ix_outbox_pending", ["meeting_id", "contact_id", "status"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_outbox_reminder_id"), ["reminder_id"], unique=False)

    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("language", sa.String(length=5), nullable=True))
        batch_op.add_column(
            sa.Column("mail_opt_out", sa.Boolean(), server_default=sa.false(), nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.drop_column("mail_opt_out")
        batch_op.drop_column("language")

    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_outbox_reminder_id"))
        batch_op.drop_index("ix_outbox_pending")
        batch_op.drop_index("ix_outbox_due")

    op.drop_table("outbox")
    with op.batch_alter_table("payment_reminders", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_payment_reminders_party_id"))

    op.drop_table("payment_reminders")

"""The approval_tokens table and the two queries on it; plain types for SQLite and PostgreSQL.

Only the SHA-256 of a code is stored (R21). A code is used up by one conditional UPDATE, so
of two workers (or a replayed email) exactly one wins (T45), and the caller runs it in the
same transaction that moves the draft on.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, Session, SQLModel, col, select, update

from responder.approval.tokens import TokenRecord, token_digest
from responder.protocols import aware
from responder.store.tables import utc_column


class ApprovalToken(SQLModel, table=True):
    """One issued approval code: its hash, what it is bound to, and when it was used."""

    __tablename__ = "approval_tokens"
    id: int | None = Field(default=None, primary_key=True)
    digest: str = Field(unique=True, max_length=64)
    draft_id: int = Field(index=True)
    content_sha256: str = Field(max_length=64)
    approver: str = Field(index=True)
    issued_at: datetime = Field(sa_column=utc_column(nullable=False))
    expires_at: datetime = Field(sa_column=utc_column(nullable=False))
    consumed_at: datetime | None = Field(default=None, sa_column=utc_column(nullable=True))
    consumed_by: str = ""
    """Message-ID of the reply that used the code (audit, R25)."""

    @classmethod
    def from_record(cls, record: TokenRecord, issued_at: datetime) -> ApprovalToken:
        """A row for a freshly issued record."""
        return cls(
            digest=record.digest,
            draft_id=record.draft_id,
            content_sha256=record.content_sha256,
            approver=record.approver,
            issued_at=issued_at,
            expires_at=record.expires_at,
        )

    def record(self) -> TokenRecord:
        """The pure value `decide.evaluate` works on."""
        consumed = self.consumed_at
        return TokenRecord(
            digest=self.digest,
            draft_id=self.draft_id,
            content_sha256=self.content_sha256,
            approver=self.approver,
            expires_at=aware(self.expires_at),
            consumed_at=aware(consumed) if consumed else None,
        )


def find_token(session: Session, token: str) -> TokenRecord | None:
    """The record of a clear token from a reply, or None when unknown."""
    query = select(ApprovalToken).where(ApprovalToken.digest == token_digest(token))
    row = session.exec(query).first()
    return row.record() if row else None


def consume_token(session: Session, digest: str, now: datetime, message_id: str) -> bool:
    """Mark a code used; False when it was already used (someone else won). No commit."""
    statement = (
        update(ApprovalToken)
        .where(col(ApprovalToken.digest) == digest, col(ApprovalToken.consumed_at).is_(None))
        .values(consumed_at=now, consumed_by=message_id)
    )
    # Through the connection: a Core UPDATE's CursorResult carries the rowcount.
    result = session.connection().execute(statement)
    return result.rowcount == 1


def newest_digest(session: Session, approver: str) -> str | None:
    """The digest of the code issued last to `approver` (PAUSE/RESUME need it), or None."""
    query = (
        select(ApprovalToken.digest)
        .where(ApprovalToken.approver == approver.lower())
        .order_by(col(ApprovalToken.issued_at).desc(), col(ApprovalToken.id).desc())
        .limit(1)
    )
    return session.exec(query).first()

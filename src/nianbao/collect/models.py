"""The tables (SQLAlchemy Core). Changing them means a new migration in migrations/versions."""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

# Status codes of a unit (and of a version); the Chinese labels are in STATUS_LABELS.
NONE, SUBMITTED, RETURNED, ACCEPTED = "none", "submitted", "returned", "accepted"
STATUS_LABELS = {NONE: "未提交", SUBMITTED: "已提交", RETURNED: "退回", ACCEPTED: "已通过"}

settings = sa.Table(
    "settings",
    metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

units = sa.Table(
    "units",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("year", sa.Integer, nullable=False),
    sa.Column("code", sa.String(64), nullable=False),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("parent_code", sa.String(64), nullable=True),
    sa.Column("is_summary", sa.Boolean, nullable=False, default=False),
    sa.Column("token", sa.String(64), nullable=False, unique=True),
    # What the status board shows, kept up to date by submissions and reviews (no join needed).
    sa.Column("status", sa.String(16), nullable=False, default=NONE),
    sa.Column("errors", sa.Integer, nullable=False, default=0),
    sa.Column("warnings", sa.Integer, nullable=False, default=0),
    sa.Column("explained", sa.Integer, nullable=False, default=0),
    sa.Column("submitted_at", sa.String(32), nullable=True),
    sa.Column("last_version", sa.Integer, nullable=False, default=0),
    sa.Column("review_comment", sa.Text, nullable=False, default=""),
    sa.UniqueConstraint("year", "code", name="uq_units_year_code"),
)

submissions = sa.Table(
    "submissions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("unit_id", sa.Integer, sa.ForeignKey("units.id", ondelete="CASCADE"), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("blob", sa.String(80), nullable=False),  # sha256 + suffix, see blobs.py
    sa.Column("filename", sa.String(255), nullable=False),
    sa.Column("size", sa.Integer, nullable=False),
    sa.Column("submitted_at", sa.String(32), nullable=False),
    sa.Column("status", sa.String(16), nullable=False),
    sa.Column("errors", sa.Integer, nullable=False),
    sa.Column("warnings", sa.Integer, nullable=False),
    sa.Column("explained", sa.Integer, nullable=False),
    sa.Column("findings", sa.JSON, nullable=False),  # Finding.to_json() + where, subject, explanation
    sa.Column("report_meta", sa.JSON, nullable=False),
    # The numbers as read, stored at submission time so a 汇总 never re-reads workbooks.
    sa.Column("report_values", sa.JSON, nullable=False),
    sa.Column("report_text", sa.JSON, nullable=False),
    sa.UniqueConstraint("unit_id", "version", name="uq_submissions_unit_version"),
)

reviews = sa.Table(
    "reviews",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("submission_id", sa.Integer, sa.ForeignKey("submissions.id", ondelete="CASCADE"), nullable=False),
    sa.Column("decision", sa.String(16), nullable=False),
    sa.Column("comment", sa.Text, nullable=False),
    sa.Column("at", sa.String(32), nullable=False),
    sa.Column("actor", sa.String(100), nullable=False),
)

sessions = sa.Table(
    "sessions",
    metadata,
    sa.Column("id", sa.String(64), primary_key=True),  # sha256 of the cookie, never the cookie
    sa.Column("csrf", sa.String(64), nullable=False),
    sa.Column("expires_at", sa.String(32), nullable=False),
)

audit_log = sa.Table(
    "audit_log",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.String(32), nullable=False),
    sa.Column("actor", sa.String(100), nullable=False),
    sa.Column("action", sa.String(40), nullable=False),
    sa.Column("year", sa.Integer, nullable=True),
    sa.Column("unit_code", sa.String(64), nullable=True),
    sa.Column("detail", sa.Text, nullable=False, default=""),
)

sa.Index("ix_units_year_parent", units.c.year, units.c.parent_code)
sa.Index("ix_audit_log_at", audit_log.c.at)

"""Collecting a year's reports (上报): the roster of units and their private links, submissions
with explanations (出错说明), the office's review (退回 / 通过), the status board and the 汇总 of a
parent unit against its children.

Storage is SQLAlchemy Core (SQLite in the data folder by default, PostgreSQL for a province),
its schema kept by the Alembic migrations shipped in `migrations/` and run on start; uploaded
files are kept beside the database, content-addressed (see blobs.py).
"""

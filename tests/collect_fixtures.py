"""pytest fixtures of the collection tests: a store on SQLite and, when NIANBAO_TEST_PG_URL is
set, on PostgreSQL; a TestClient with the office's and the units' tokens."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from collect_app import make_app, make_settings, postgres_param, roster_file
from nianbao.collect.store import office_token


@pytest.fixture(params=["sqlite", postgres_param()])
def settings(request, tmp_path):
    made, cleanup = make_settings(request.param, tmp_path)
    yield made
    cleanup()


@pytest.fixture
def sqlite_settings(tmp_path):
    made, cleanup = make_settings("sqlite", tmp_path)
    yield made
    cleanup()


class Office:
    """A client of the service with the office token, and the year's unit tokens once a roster is up."""

    def __init__(self, settings):
        self.settings = settings
        self.client = TestClient(make_app(settings))
        self.token = office_token(settings)
        self.unit_tokens: dict[str, str] = {}

    @property
    def auth(self) -> dict:
        return {"Authorization": f"Bearer {self.token}"}

    def unit_auth(self, code: str) -> dict:
        return {"Authorization": f"Bearer {self.unit_tokens[code]}"}

    def roster(self, year: int = 2024, text: str | None = None):
        answer = self.client.post(
            f"/api/{year}/roster", files={"file": roster_file(text) if text else roster_file()}, headers=self.auth
        )
        if answer.status_code == 200:
            self.unit_tokens.update({u["code"]: u["token"] for u in answer.json()["units"]})
        return answer

    def submit(self, code: str, data: bytes, explanations: dict | None = None, year: int = 2024, name="年报.xlsx"):
        import io
        import json

        form = {"explanations": json.dumps(explanations, ensure_ascii=False)} if explanations else None
        return self.client.post(
            f"/api/{year}/units/{code}/submissions",
            files={"file": (name, io.BytesIO(data), "application/octet-stream")},
            data=form,
            headers=self.unit_auth(code),
        )

    def review(self, code: str, decision: str, comment: str = "", year: int = 2024):
        return self.client.post(
            f"/api/{year}/units/{code}/review", json={"decision": decision, "comment": comment}, headers=self.auth
        )

    def status(self, year: int = 2024) -> dict:
        answer = self.client.get(f"/api/{year}/status", headers=self.auth)
        assert answer.status_code == 200, answer.text
        return {u["code"]: u for u in answer.json()}


@pytest.fixture
def office(settings):
    return Office(settings)


@pytest.fixture
def sqlite_office(sqlite_settings):
    return Office(sqlite_settings)

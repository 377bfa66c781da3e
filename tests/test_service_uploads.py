"""One way to receive an upload (service/uploads.py), the same for the page's API and the
collection: a body over the limit is cut off while it streams (413 naming the 上限), a file
of a kind we do not read is 415, an empty one 400, a good one is taken; every refusal is
{"error": …, "detail": …}; the temporary folder is gone after each request."""

from __future__ import annotations

import io
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from collect_app import make_app, roster_file, unit_report, workbook_bytes
from collect_server import free_port
from factories import consistent_report
from nianbao.collect.store import forget_stores, office_token
from nianbao.service.app import create_app
from nianbao.service.settings import Settings
from service_support import workbook

LIMIT = 2 * 1024 * 1024
BOUNDARY = "nianbao-boundary"


@dataclass
class Route:
    """A route taking a file: how to post to it and what it answers a good file."""

    client: TestClient
    url: str
    headers: dict[str, str]
    taken: int
    settings: Settings
    good: bytes

    def post(self, name: str, data: bytes) -> httpx.Response:
        return self.client.post(self.url, files={"file": (name, io.BytesIO(data))}, headers=self.headers)

    def post_stream(self, chunks: Iterator[bytes]) -> httpx.Response:
        headers = {**self.headers, "content-type": f"multipart/form-data; boundary={BOUNDARY}"}
        return self.client.post(self.url, content=chunks, headers=headers)

    def leftovers(self) -> list[Path]:
        tmp = self.settings.upload_dir
        return sorted(tmp.rglob("*")) if tmp.exists() else []


def service_route(tmp_path: Path) -> Route:
    settings = Settings(tmp_path / "data", max_upload_bytes=LIMIT)
    client = TestClient(create_app(settings), raise_server_exceptions=False)
    good = workbook(tmp_path, consistent_report(random.Random(3))).read_bytes()
    return Route(client, "/api/check", {}, 200, settings, good)


def collection_route(tmp_path: Path) -> Route:
    """The collection's routes alone (no create_app): they bring their own guard."""
    settings = Settings(tmp_path / "data", max_upload_bytes=LIMIT)
    client = TestClient(make_app(settings), raise_server_exceptions=False)
    office = {"Authorization": f"Bearer {office_token(settings)}"}
    roster = client.post("/api/2024/roster", files={"file": roster_file()}, headers=office)
    assert roster.status_code == 200, roster.text
    token = {u["code"]: u["token"] for u in roster.json()["units"]}["101"]
    good = workbook_bytes(tmp_path, unit_report(1, "示例县教育局"))
    return Route(client, "/api/2024/units/101/submissions", {"Authorization": f"Bearer {token}"}, 201, settings, good)


ROUTES: dict[str, Callable[[Path], Route]] = {"service": service_route, "collection": collection_route}


@pytest.fixture(params=list(ROUTES))
def route(request, tmp_path) -> Iterator[Route]:
    made = ROUTES[request.param](tmp_path)
    yield made
    made.client.close()
    forget_stores()


def refusal(answer: httpx.Response) -> str:
    """The Chinese sentence of a refusal, the same under both keys."""
    body = answer.json()
    assert body["error"] == body["detail"] and any("\u4e00" <= ch <= "\u9fff" for ch in body["error"])
    return body["error"]


def chunked(total: int, head: str = 'name="file"; filename="年报.xlsx"') -> Iterator[bytes]:
    yield f"--{BOUNDARY}\r\nContent-Disposition: form-data; {head}\r\n\r\n".encode()
    for _ in range(total // (100 * 1024)):
        yield b"\0" * (100 * 1024)
    yield f"\r\n--{BOUNDARY}--\r\n".encode()


def test_a_good_workbook_is_taken_and_leaves_nothing_behind(route):
    answer = route.post("年报.xlsx", route.good)
    assert answer.status_code == route.taken, answer.text
    assert route.leftovers() == []


def test_a_body_over_the_limit_with_its_length_is_413_naming_the_limit(route):
    answer = route.post("大文件.xlsx", b"PK\x03\x04" + b"\0" * (3 * LIMIT))
    assert answer.status_code == 413
    assert "上限" in refusal(answer) and "2 MB" in refusal(answer)
    assert route.leftovers() == []
    assert route.post("年报.xlsx", route.good).status_code == route.taken  # the route goes on


def test_a_chunked_body_over_the_limit_is_413(route):
    answer = route.post_stream(chunked(3 * LIMIT))
    assert answer.status_code == 413 and "上限" in refusal(answer)
    assert route.leftovers() == []


def test_a_file_just_over_the_limit_inside_the_framing_allowance_is_413(route):
    """The body guard leaves room for the form around the file; the copy counts the file itself."""
    answer = route.post("年报.xlsx", b"PK\x03\x04" + b"\0" * LIMIT)
    assert answer.status_code == 413 and "上限" in refusal(answer)
    assert route.leftovers() == []


@pytest.mark.parametrize(
    "name,data,says",
    [
        ("说明.txt", "不是工作簿".encode(), "说明.txt：不是工作簿（.xlsx/.xlsm）或 JSON 数据文件"),
        ("年报.exe", b"MZ\x90\x00", "年报.exe：不是工作簿"),
        ("年报.xls", b"\xd0\xcf\x11\xe0 old excel", "“另存为”.xlsx"),
        ("..\\..\\etc\\passwd", b"root:x:0:0", "passwd：不是工作簿"),
    ],
)
def test_a_file_of_a_kind_we_do_not_read_is_415(route, name, data, says):
    answer = route.post(name, data)
    assert answer.status_code == 415 and says in refusal(answer)
    assert route.leftovers() == []


def test_a_workbook_in_name_only_is_refused_by_the_reader_in_chinese(route):
    answer = route.post("年报.xlsx", b"PK\x03\x04 not really a zip")
    assert answer.status_code in (400, 422) and "年报.xlsx" in refusal(answer)
    assert route.leftovers() == []


def test_an_empty_file_is_400(route):
    answer = route.post("空.xlsx", b"")
    assert answer.status_code == 400 and "空文件" in refusal(answer)
    assert route.leftovers() == []


def test_a_request_without_the_file_field_is_422_in_chinese(route):
    answer = route.client.post(route.url, data={"other": "x"}, headers=route.headers)
    assert answer.status_code == 422 and "file" in refusal(answer)


def test_the_roster_upload_takes_csv_and_refuses_other_kinds_with_415(tmp_path):
    route = collection_route(tmp_path)
    office = {"Authorization": f"Bearer {office_token(route.settings)}"}
    bad = route.client.post("/api/2024/roster", files={"file": ("名单.txt", b"100,x")}, headers=office)
    assert bad.status_code == 415 and "名单.txt：不是名单文件（.xlsx 或 .csv）" in refusal(bad)
    assert route.leftovers() == []
    forget_stores()


def test_the_receiver_removes_its_folder_whatever_happens(tmp_path):
    from starlette.datastructures import UploadFile

    from nianbao.service.uploads import UploadRefused, receive

    settings = Settings(tmp_path / "data", max_upload_bytes=10)
    with receive(UploadFile(io.BytesIO(b"abc"), filename="../../年报.XLSX"), settings) as path:
        assert path.name == "年报.XLSX" and path.read_bytes() == b"abc"
        assert path.parent.parent == settings.upload_dir
    with pytest.raises(RuntimeError), receive(UploadFile(io.BytesIO(b"abc"), filename="a.xlsx"), settings):
        raise RuntimeError("a reader failed")
    with pytest.raises(UploadRefused) as refused:
        with receive(UploadFile(io.BytesIO(b"x" * 11), filename="a.xlsx"), settings):
            pass
    assert refused.value.status == 413
    assert list(settings.upload_dir.iterdir()) == []


def test_a_real_server_stops_reading_a_huge_chunked_body_at_the_limit(tmp_path):
    """`nianbao serve` (uvicorn, a real socket): 300 MB sent chunked to a 1 MB service is answered
    413 after a few MB at most (what the socket buffers hold), not after reading it all."""
    import subprocess
    import sys
    import time

    port = free_port()
    nianbao = str(Path(sys.executable).with_name("nianbao"))
    server = subprocess.Popen(
        [nianbao, "serve", "--data", str(tmp_path / "数据"), "--port", str(port), "--max-upload-mb", "1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(f"{base}/healthz", timeout=1)
                break
            except httpx.HTTPError:
                assert server.poll() is None and time.monotonic() < deadline
                time.sleep(0.1)
        for url in ("/api/check", "/api/2024/units/101/submissions"):
            sent = 0

            def counted() -> Iterator[bytes]:
                nonlocal sent
                for chunk in chunked(300 * 1024 * 1024):
                    sent += len(chunk)
                    yield chunk

            headers = {"content-type": f"multipart/form-data; boundary={BOUNDARY}"}
            answer = httpx.post(base + url, content=counted(), headers=headers, timeout=60)
            assert answer.status_code == 413 and "1 MB 的上限" in refusal(answer), url
            assert sent < 32 * 1024 * 1024, (url, sent)
        assert not [p for p in (tmp_path / "数据" / "tmp").rglob("*")]
    finally:
        server.terminate()
        server.wait(10)

"""`mkdocs serve` previews every language and rebuilds when a charter file changes."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

from conftest import FIXTURES, copy_project


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str, timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode("utf-8")
        except (urllib.error.URLError, ConnectionError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.25)


def test_serve_rebuilds_when_a_charter_file_changes(tmp_path):
    project = copy_project(FIXTURES / "tiny", tmp_path / "project")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    try:
        url = f"http://127.0.0.1:{port}/en/service-pay-tax.html"
        assert "Pay property tax" in fetch(url)
        assert "Тестовый город" in fetch(f"http://127.0.0.1:{port}/ru/index.html")
        service = project / "charter" / "services" / "pay-tax.yml"
        service.write_text(
            service.read_text(encoding="utf-8").replace("Pay property tax", "Pay your arnona"), encoding="utf-8"
        )
        deadline = time.monotonic() + 60
        while "Pay your arnona" not in fetch(url):
            assert time.monotonic() < deadline, "the page was not rebuilt"
            time.sleep(0.25)
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_serve_shows_the_error_and_keeps_serving_the_last_good_site(tmp_path):
    project = copy_project(FIXTURES / "tiny", tmp_path / "project")
    port = free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as stderr:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=project,
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
    try:
        url = f"http://127.0.0.1:{port}/en/service-pay-tax.html"
        assert "Pay property tax" in fetch(url)
        service = project / "charter" / "services" / "pay-tax.yml"
        good = service.read_text(encoding="utf-8")
        service.write_text(good.replace("department: revenue", "department: finance"), encoding="utf-8")
        deadline = time.monotonic() + 60
        while "still shows the last good site" not in log.read_text(encoding="utf-8"):
            assert time.monotonic() < deadline, "the failed rebuild was not reported"
            time.sleep(0.25)
        output = log.read_text(encoding="utf-8")
        assert "pay-tax.yml:4:13: error: department: there is no department `finance`" in output
        assert "Traceback" not in output
        assert "Pay property tax" in fetch(url, timeout=10)  # still answering, with the last good page
        service.write_text(good.replace("Pay property tax", "Pay your arnona"), encoding="utf-8")
        while "Pay your arnona" not in fetch(url):
            assert time.monotonic() < deadline + 60, "the fixed charter was not rebuilt"
            time.sleep(0.25)
    finally:
        server.terminate()
        server.wait(timeout=20)

"""`python -m models data download ud-english-ewt` against a local HTTP server (there is no network here)."""

from __future__ import annotations

import functools
import http.server
import json
import threading

import pytest

from models.cli import main
from models.store import sha256_file
from models.tagging.download import FILES, RECORD


def _conllu(n: int) -> str:
    rows = []
    for i in range(n):
        rows += [
            f"# sent_id = s{i}",
            f"1\tWord{i}\tword\tPROPN\t_\t_\t2\tnsubj\t_\t_",
            "2\truns\trun\tVERB\t_\t_\t0\troot\t_\t_",
            "",
        ]
    return "\n".join(rows) + "\n"


@pytest.fixture()
def server(tmp_path):
    """Serve tmp_path/www on 127.0.0.1 (a free port); yields (base_url, www folder, request log)."""
    www = tmp_path / "www"
    www.mkdir()
    log: list[str] = []

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, fmt, *args):
            log.append(self.path)

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(www)))
    t = threading.Thread(target=httpd.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/ud", www, log
    httpd.shutdown()
    httpd.server_close()


def test_download_verifies_caches_and_records_sha256(server, tmp_path, capsys):
    base, www, log = server
    (www / "ud").mkdir()
    for k, name in enumerate(FILES):
        (www / "ud" / name).write_text(_conllu(3 + k), encoding="utf-8")
    (www / "ud" / "LICENSE.txt").write_text("CC BY-SA 4.0\n")
    target = tmp_path / "cache"
    assert (
        main(["data", "download", "ud-english-ewt", "--dir", str(target), "--base-url", base, "--json"]) == 0
    )
    out = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert [out["files"][n]["sentences"] for n in FILES] == [3, 4, 5]
    record = json.loads((target / RECORD).read_text())
    for name in FILES:
        assert (target / name).read_text() == (www / "ud" / name).read_text()
        assert record[name]["sha256"] == sha256_file(target / name)
    assert (target / "LICENSE.txt").is_file()
    # second call: everything cached (hash matches), nothing fetched again
    conllu_requests = lambda: [p for p in log if p.endswith(".conllu")]  # noqa: E731
    n_requests = len(conllu_requests())
    assert (
        main(["data", "download", "ud-english-ewt", "--dir", str(target), "--base-url", base, "--json"]) == 0
    )
    out = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert all(out["files"][n]["cached"] for n in FILES) and len(conllu_requests()) == n_requests == 3
    # the CLASSROOM_UD_DIR search finds the downloaded dev file
    from models.tagging import treebank

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv(treebank.ENV_DIR, str(target))
        assert treebank.dev_file() == target / "en_ewt-ud-dev.conllu"


@pytest.mark.parametrize(
    "content,needle",
    [(b"\x00\x01binary junk" * 20, "binary"), (b"1\tonly\tthree\n" * 20, "not valid CoNLL-U")],
)
def test_bad_download_is_refused_and_not_cached(server, tmp_path, capsys, content, needle):
    base, www, _ = server
    (www / "ud").mkdir()
    for name in FILES:
        (www / "ud" / name).write_bytes(content)
    target = tmp_path / "cache"
    assert main(["data", "download", "ud-english-ewt", "--dir", str(target), "--base-url", base]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and needle in err
    assert not list(target.glob("*.conllu*"))


def test_unreachable_server_fails_in_one_line(server, tmp_path, capsys):
    base, _, _ = server  # nothing is served: HTTP 404
    assert main(["data", "download", "ud-english-ewt", "--dir", str(tmp_path), "--base-url", base]) == 2
    assert "HTTP 404" in capsys.readouterr().err
    assert main(["data", "download", "ud-english-ewt", "--dir", str(tmp_path), "--base-url", "ftp://x"]) == 2
    assert "http://" in capsys.readouterr().err

"""`tacitus serve` and `tacitus demo --serve`: flags, settings, and a missing database."""

from __future__ import annotations

from tacitus.cli import build_parser, main


def test_serve_reads_flags_then_settings(monkeypatch, tmp_path):
    import tacitus.web
    from tacitus.store import open_store

    calls = []
    monkeypatch.setattr(tacitus.web, "serve", lambda store, **kw: calls.append(kw))
    db = tmp_path / "t.db"
    open_store(db).close()
    monkeypatch.setenv("TACITUS_TOKEN", "from-env")
    assert main(["serve", "--db", str(db), "--port", "9123"]) == 0
    assert calls == [{"host": "127.0.0.1", "port": 9123, "token": "from-env"}]


def test_serve_refuses_a_missing_database(tmp_path, capsys):
    assert main(["serve", "--db", str(tmp_path / "none.db")]) == 2
    assert "no database" in capsys.readouterr().err


def test_demo_has_a_serve_flag():
    args = build_parser().parse_args(["demo", "--db", "x.db", "--serve"])
    assert args.serve is True

"""`tacitus serve --db tacitus.db`: the web dashboard and JSON API on 127.0.0.1:8000."""

from __future__ import annotations

import argparse

from .storeflags import add_db_flag, open_db


def register(sub) -> None:
    p = sub.add_parser("serve", help="serve the web dashboard and JSON API",
                       description="Serve the dashboard (overview, event explorer, articles, dyads, "
                       "actors, network, map) and the JSON API (/api/docs) over a database. Binds "
                       "127.0.0.1 by default; nothing the pages load comes from the network.")
    add_db_flag(p)
    add_server_flags(p)
    p.set_defaults(func=run)


def add_server_flags(p: argparse.ArgumentParser) -> None:
    p.add_argument("--host", default=None, help="address to bind (setting host; default 127.0.0.1)")
    p.add_argument("--port", type=int, default=None, help="port (setting port; default 8000)")
    p.add_argument("--token", default=None, help="API token enabling POST /api/code and /api/articles "
                   "(setting token; sent as 'Authorization: Bearer TOKEN')")


def run(args: argparse.Namespace) -> int:
    with open_db(args, must_exist=True) as store:
        serve_store(store, args)
    return 0


def serve_store(store, args: argparse.Namespace) -> None:
    """Serve `store` with the host, port and token of the flags or settings."""
    from .. import config
    from ..web import serve

    host = config.get("host", getattr(args, "host", None))
    port = config.get("port", getattr(args, "port", None))
    print(f"Tacitus dashboard on http://{host}:{port}/  (API docs: /api/docs; Ctrl-C stops)")
    serve(store, host=host, port=port, token=config.get("token", getattr(args, "token", None)))

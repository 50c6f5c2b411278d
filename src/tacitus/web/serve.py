"""Run the dashboard with uvicorn, bound to loopback unless told otherwise."""

from __future__ import annotations

import logging
from pathlib import Path

from ..store import Store
from .app import WebSettings, create_app, loopback_hosts

log = logging.getLogger(__name__)


def serve(store: Store | str | Path, *, host: str = "127.0.0.1", port: int = 8000,
          token: str | None = None, log_level: str = "info") -> None:
    """Serve the dashboard and API over `store` until interrupted."""
    import uvicorn

    if host not in ("127.0.0.1", "localhost", "::1"):
        log.warning("serving on %s: the dashboard is reachable from other machines", host)
    settings = WebSettings(token=token or None, warm_cache=True, allowed_hosts=loopback_hosts(host))
    app = create_app(store, settings)
    uvicorn.run(app, host=host, port=port, log_level=log_level, access_log=False)

"""The dashboard application: the JSON API under /api, the HTML pages, static files.

``create_app`` takes an open store (or a path/URL to open) and the settings of one server.
Everything the pages load comes from this server: the package's own script and style, and
plotly.js from the installed ``plotly`` package, so no request leaves the machine.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from .. import __version__
from ..errors import TacitusError
from ..store import Store, open_store
from . import api, pages
from .cache import AggregateCache
from .middleware import BodyLimit, DropBlankParams, SecurityHeaders

log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class WebSettings:
    """What one server allows: the API token (None disables writes) and size limits."""

    token: str | None = None
    max_body_bytes: int = 2_000_000  # larger request bodies are answered with 413
    max_code_chars: int = 100_000  # longest text POST /api/code accepts
    max_ingest_articles: int = 100  # most articles one POST /api/articles may carry
    warm_cache: bool = False  # compute the overview's aggregates in the background at start
    # Host headers accepted (None: any). A server on loopback accepts only loopback names, so
    # a web page elsewhere cannot reach it through DNS rebinding.
    allowed_hosts: tuple[str, ...] | None = None


def plotly_script() -> Path:
    """plotly.min.js as installed with the ``plotly`` package."""
    return Path(str(resources.files("plotly") / "package_data" / "plotly.min.js"))


def create_app(store: Store | str | Path, settings: WebSettings | None = None) -> FastAPI:
    """The dashboard and API over `store` (an open Store, or a database path or URL)."""
    if not isinstance(store, Store):
        store = open_store(store)
    settings = settings or WebSettings()

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI):
        if settings.warm_cache:
            threading.Thread(target=pages.warm_cache, args=(app,), name="warm-cache", daemon=True).start()
        yield

    app = FastAPI(
        lifespan=lifespan,
        title="Tacitus",
        version=__version__,
        description="Political event data coded from news text: events, articles with their "
        "annotations, dyad timelines, actors. Write endpoints need the server's API token.",
        docs_url="/api/docs",
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.state.store = store
    app.state.settings = settings
    app.state.cache = AggregateCache()
    app.include_router(api.router)
    app.include_router(pages.router)
    app.add_api_route("/vendor/plotly.min.js", _plotly, include_in_schema=False)
    app.mount("/static", StaticFiles(packages=[("tacitus.web", "static")]), name="static")
    _add_error_handlers(app)
    if settings.allowed_hosts:
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(settings.allowed_hosts))
    app.add_middleware(DropBlankParams)
    app.add_middleware(BodyLimit, max_bytes=app.state.settings.max_body_bytes)
    app.add_middleware(SecurityHeaders)
    return app


def app_from_settings() -> FastAPI:
    """The app over the `db` setting, with the `token` setting: an ASGI factory for running
    several worker processes, e.g. ``TACITUS_DB=x.db uvicorn --factory --workers 2
    tacitus.web.app:app_from_settings``."""
    from .. import config

    settings = WebSettings(token=config.get("token") or None, warm_cache=True,
                           allowed_hosts=loopback_hosts(config.get("host")))
    return create_app(config.get("db"), settings)


LOOPBACK = ("127.0.0.1", "localhost", "::1", "[::1]")


def loopback_hosts(bound_to: str) -> tuple[str, ...] | None:
    """The Host names to accept for a server bound to `bound_to`: loopback names for a
    loopback address, anything otherwise (the operator chose to expose it)."""
    return LOOPBACK if bound_to in LOOPBACK else None


def _plotly() -> Response:
    return FileResponse(plotly_script(), media_type="text/javascript",
                        headers={"cache-control": "public, max-age=86400"})


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api")


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(TacitusError)
    async def tacitus_error(request: Request, exc: TacitusError) -> Response:
        log.info("%s %s: %s", request.method, request.url.path, exc)
        if _wants_html(request):
            return pages.error_page(request, 400, str(exc))
        return JSONResponse({"detail": str(exc)}, status_code=400)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if _wants_html(request) and exc.status_code >= 400:
            return pages.error_page(request, exc.status_code, str(exc.detail))
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code,
                            headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        if _wants_html(request):
            problems = "; ".join(f"{'.'.join(str(x) for x in e['loc'][1:])}: {e['msg']}"
                                 for e in exc.errors())
            return pages.error_page(request, 422, f"Invalid parameters — {problems}")
        return JSONResponse({"detail": _plain_errors(exc)}, status_code=422)


def _plain_errors(exc: RequestValidationError) -> list[dict]:
    """Validation errors without the offending input (it may be large or binary)."""
    return [{"loc": list(e["loc"]), "msg": e["msg"], "type": e["type"]} for e in exc.errors()]

"""The web dashboard and JSON API (FastAPI): ``tacitus serve --db tacitus.db``.

    >>> from tacitus.web import create_app
    >>> app = create_app(":memory:")          # an ASGI app: run it with uvicorn
"""

from .app import WebSettings, create_app
from .serve import serve

__all__ = ["WebSettings", "create_app", "serve"]

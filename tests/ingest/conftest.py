"""Builders for the input files the ingest tests read."""

from __future__ import annotations

import io
from pathlib import Path
from types import SimpleNamespace

import pytest

HTML = """<html><head><title>Talks in Geneva</title>
<meta property="article:published_time" content="2021-03-05">
<link rel="canonical" href="https://news.example.org/geneva-talks"></head>
<body><nav>Home | World | Sport</nav><article><h1>Talks in Geneva</h1>
<p>Russia and the United States held talks in Geneva on Friday about arms control, officials said.</p>
<p>The two delegations met for five hours and agreed to meet again next month, according to a
statement released by the State Department after the meeting ended.</p></article>
<footer>Copyright 2021</footer></body></html>"""

RSS = """<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>World news</title>
<item><title>Iran rejects talks</title><link>https://feed.example.org/1</link>
<pubDate>Tue, 02 Mar 2021 10:00:00 GMT</pubDate>
<description>&lt;p&gt;Iran rejected a European proposal for informal talks with the United States.&lt;/p&gt;</description></item>
<item><title>Aid to Yemen</title><link>https://feed.example.org/2</link><guid>item-2</guid>
<content:encoded><![CDATA[<p>Saudi Arabia pledged new humanitarian aid to Yemen on Wednesday.</p>]]></content:encoded></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>
<entry><title>Protest in Minsk</title><link href="https://atom.example.org/a"/><id>urn:1</id>
<published>2021-03-07T08:00:00Z</published><summary>Thousands protested against the government of Belarus.</summary></entry>
</feed>"""


def write_warc(path: Path, pages: list[tuple[str, str, bytes]]) -> None:
    """A WARC file with a response record per (url, content type, body) and a request record."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=path.name.endswith(".gz"))
        for url, content_type, body in pages:
            request = writer.create_warc_record(url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n"))
            writer.write_record(request)
            headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
            record = writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                               http_headers=headers)
            writer.write_record(record)


@pytest.fixture
def samples() -> SimpleNamespace:
    """The sample documents and the WARC writer, for tests to use."""
    return SimpleNamespace(HTML=HTML, RSS=RSS, ATOM=ATOM, write_warc=write_warc)

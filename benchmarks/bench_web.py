"""Load benchmark of the web API: a database of synthetic events, a server, 50 clients.

    python benchmarks/bench_web.py build --db /tmp/bench.db --events 1000000
    python benchmarks/bench_web.py run --db /tmp/bench.db --clients 50 --duration 30 --think 1.0

`build` writes synthetic articles and events straight into the store's tables (coding a
million events with the NLP pipeline would take hours; the queries do not care where rows
came from). `run` starts `uvicorn --workers N` on 127.0.0.1, then drives it with its own
asyncio HTTP/1.1 keep-alive clients. Each client sends a request, waits for the answer, waits
a think time drawn from [0, 2·think] seconds (0: none, a closed loop at full speed), and
repeats. Only loopback is ever contacted; the run stops by itself after --duration seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

COUNTRIES = ["USA", "RUS", "CHN", "SYR", "IRN", "ISR", "EGY", "TUR", "UKR", "DEU", "FRA", "GBR", "IND", "PAK", "AFG", "IRQ", "SAU", "JPN", "KOR", "PRK", "BRA", "MEX", "NGA", "ETH", "KEN", "ZAF", "SDN", "LBY", "YEM", "QAT", "LBN", "JOR", "POL", "BLR", "VEN", "COL", "CUB", "PHL", "IDN", "VNM", "MMR", "THA", "AUS", "CAN", "ITA", "ESP", "GRC", "SRB", "ARM", "AZE", "GEO", "KAZ"]
IGOS = ("IGONAT", "IGOUNO", "IGOEEC", "IGOAFR", "IGOARL")
ROLES = ("", "", "GOV", "GOV", "MIL", "OPP", "REB", "BUS", "MED")
START = dt.date(2021, 1, 1)
DAYS = 3 * 365


def _codes() -> list[str]:
    return [c + r for c in COUNTRIES for r in ROLES] + list(IGOS)


def _ontology_codes() -> list[tuple[str, str, int, float]]:
    from tacitus.dictionaries.cameo import load_ontology

    ontology = load_ontology()
    return [(c.code, c.name, c.quad_class, c.goldstein) for c in ontology.codes.values()
            if len(c.code) >= 3 and c.quad_class in (1, 2, 3, 4)]


def _zipf_weights(n: int) -> list[float]:
    """Cumulative Zipf weights (rank r ∝ 1/r): a few actors dominate, as in real news."""
    total, out = 0.0, []
    for rank in range(1, n + 1):
        total += 1 / rank
        out.append(total)
    return out


def build(db: str, n_events: int, per_article: int = 10, seed: int = 7) -> None:
    """Write `n_events` synthetic events in articles of `per_article` events."""
    import sqlalchemy as sa

    from tacitus.store import open_store
    from tacitus.store.schema import INDEXES, articles, events

    rng = random.Random(seed)
    codes = _codes()
    rng.shuffle(codes)
    codes.sort(key=lambda c: c[:3] not in ("USA", "RUS", "CHN", "ISR", "UKR"))  # the busiest first
    weights = _zipf_weights(len(codes))
    cameo = _ontology_codes()
    store = open_store(db)
    # Loading is much faster without the indexes; they are rebuilt, as the schema defines them.
    with store.engine.begin() as conn:
        for index in INDEXES:
            if index.table.name == "events":
                index.drop(conn)
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
    t0 = time.perf_counter()
    n_articles = n_events // per_article
    batch = 5000
    with store.engine.begin() as conn:
        first = conn.execute(sa.select(sa.func.coalesce(sa.func.max(articles.c.id), 0))).scalar_one()
    for lo in range(0, n_articles, batch):
        art_rows, ev_rows = [], []
        for a in range(lo, min(lo + batch, n_articles)):
            article_id = first + a + 1
            date = START + dt.timedelta(days=rng.randrange(DAYS))
            text = f"Synthetic article {article_id} about {rng.choice(COUNTRIES)} and {rng.choice(COUNTRIES)}."
            art_rows.append(dict(id=article_id, content_hash=f"bench-{seed}-{article_id}", external_id=f"b{article_id}",
                                 title=f"Article {article_id}", date=date, source="bench", outlet="bench.example",
                                 url=None, language="en", text=text, status="coded", num_events=per_article,
                                 added_at=now))
            for seq in range(per_article):
                ev_rows.append(_event_row(rng, article_id, seq, date, codes, weights, cameo))
        with store.engine.begin() as conn:
            conn.execute(articles.insert(), art_rows)
            conn.execute(events.insert(), ev_rows)
        done = min(lo + batch, n_articles) * per_article
        if (lo // batch) % 4 == 0:
            print(f"  {done:,} events, {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    with store.engine.begin() as conn:
        for index in INDEXES:
            if index.table.name == "events":
                index.create(conn)
        conn.execute(sa.text("ANALYZE"))
    store.close()
    print(f"built {n_articles * per_article:,} events in {time.perf_counter() - t0:.0f} s → {db}")


def _event_row(rng: random.Random, article_id: int, seq: int, date: dt.date, codes: list[str],
               weights: list[float], cameo: list[tuple[str, str, int, float]]) -> dict:
    source, target = rng.choices(codes, cum_weights=weights, k=2)
    code, name, quad, goldstein = rng.choice(cameo)
    day = date + dt.timedelta(days=-rng.randrange(3))
    sentence = f"{source} did {code} to {target}."
    row = dict(article_id=article_id, seq=seq, sentence=seq, sentence_start=0, sentence_end=len(sentence),
               text=sentence, cameo=code, name=name, root=code[:2], quad_class=quad, goldstein=goldstein,
               plover_event=None, plover_mode=None, plover_context=None, negated=rng.random() < 0.05,
               negated_code=None, mood="asserted" if rng.random() < 0.85 else "intended",
               trigger_text="did", trigger_start=len(source) + 1, trigger_end=len(source) + 4, rule="bench",
               date=day, day=day.year * 10000 + day.month * 100 + day.day, date_precision="day",
               date_text=None, place_text=None, place_geonameid=None, place_name=None,
               place_country=None, place_lat=None, place_lon=None, place_how=None, quote_index=None,
               cluster_id=None)
    for prefix, ref in (("source", source), ("target", target)):
        start = 0 if prefix == "source" else len(sentence) - len(ref) - 1
        row.update({f"{prefix}_text": ref, f"{prefix}_code": ref, f"{prefix}_country": ref[:3],
                    f"{prefix}_start": start, f"{prefix}_end": start + len(ref),
                    f"{prefix}_actor": None, f"{prefix}_name": None})
    row.update({f"reporter_{k}": None for k in ("text", "code", "country", "start", "end", "actor", "name")})
    return row


# -- load ----------------------------------------------------------------------------------


def request_mix(rng: random.Random) -> tuple[str, str]:
    """(kind, path) of one request a dashboard user might make."""
    a, b = rng.sample(COUNTRIES[:20], 2)
    since = START + dt.timedelta(days=rng.randrange(DAYS - 90))
    kind = rng.choice(("actor", "dyad", "code+date", "country+quad", "timeline"))
    if kind == "actor":
        return kind, f"/api/events?actor={a}&limit=50"
    if kind == "dyad":
        return kind, f"/api/events?dyad={a}-{b}&limit=50"
    if kind == "code+date":
        return kind, f"/api/events?code={rng.choice(('19', '11', '04', '173', '0311'))}&since={since}&limit=50"
    if kind == "country+quad":
        return kind, f"/api/events?country={a}&quad={rng.randint(1, 4)}&limit=50"
    return kind, f"/api/dyads/{a}/{b}/timeline?interval=week"


async def _get(reader, writer, path: str) -> int:
    writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n".encode())
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
    await reader.readexactly(length)
    return status


async def client(port: int, until: float, think: float, seed: int, out: list) -> None:
    rng = random.Random(seed)
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while time.perf_counter() < until:
            kind, path = request_mix(rng)
            t = time.perf_counter()
            status = await _get(reader, writer, path)
            out.append((kind, time.perf_counter() - t, status))
            if think:
                await asyncio.sleep(rng.uniform(0, 2 * think))
    finally:
        writer.close()


async def load(port: int, clients: int, duration: float, think: float) -> list:
    out: list = []
    until = time.perf_counter() + duration
    await asyncio.gather(*(client(port, until, think, i, out) for i in range(clients)))
    return out


def _p(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] * 1000 if len(values) > 1 else 0.0


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and its children (the uvicorn workers), Linux only."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(entry.name) == pid or int(fields[1]) == pid:
            total += (int(fields[11]) + int(fields[12])) / tick
    return total


def report(results: list, duration: float) -> dict:
    kinds = sorted({k for k, _, _ in results})
    table = {}
    for kind in [*kinds, "all"]:
        times = [t for k, t, _ in results if kind in ("all", k)]
        errors = sum(1 for k, _, s in results if kind in ("all", k) and s != 200)
        table[kind] = {"requests": len(times), "errors": errors, "p50_ms": round(_p(times, 50), 1),
                       "p95_ms": round(_p(times, 95), 1), "p99_ms": round(_p(times, 99), 1),
                       "max_ms": round(max(times) * 1000, 1) if times else 0.0}
    print(f"{'kind':<14}{'requests':>9}{'errors':>8}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}")
    for kind, row in table.items():
        print(f"{kind:<14}{row['requests']:>9}{row['errors']:>8}{row['p50_ms']:>9}{row['p95_ms']:>9}"
              f"{row['p99_ms']:>9}{row['max_ms']:>9}")
    print(f"throughput: {len(results) / duration:.0f} requests/s")
    return table


def make_app():
    """The app the benchmark serves: the `db` setting, no cache warm-up (it would spend the
    first half minute of every worker computing the overview's aggregates)."""
    from tacitus import config
    from tacitus.web import WebSettings, create_app

    return create_app(config.get("db"), WebSettings(warm_cache=False))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(db: str, clients: int, duration: float, think: float, workers: int, warmup: float) -> dict:
    port = _free_port()
    env = {**os.environ, "TACITUS_DB": db}
    here = Path(__file__).resolve().parent
    env["PYTHONPATH"] = os.pathsep.join([str(here.parent / "src"), str(here), env.get("PYTHONPATH", "")])
    server = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--factory", "bench_web:make_app",
         "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers), "--log-level", "warning",
         "--no-access-log"], env=env)
    try:
        _wait_for(port, server)
        if warmup:
            asyncio.run(load(port, clients, warmup, think))
        cpu = _cpu_seconds(server.pid)
        results = asyncio.run(load(port, clients, duration, think))
        cpu = _cpu_seconds(server.pid) - cpu
        table = report(results, duration)
        table["server_cpu_ms_per_request"] = round(cpu / max(len(results), 1) * 1000, 1)
        print(f"server CPU: {table['server_cpu_ms_per_request']} ms per request "
              f"({cpu:.1f} s over {duration:.0f} s); load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        return table
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


def _wait_for(port: int, server: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("the server exited")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("the server did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build")
    b.add_argument("--db", required=True)
    b.add_argument("--events", type=int, default=1_000_000)
    r = sub.add_parser("run")
    r.add_argument("--db", required=True)
    r.add_argument("--clients", type=int, default=50)
    r.add_argument("--duration", type=float, default=30)
    r.add_argument("--think", type=float, default=1.0, help="mean think time per client, s (0: none)")
    r.add_argument("--workers", type=int, default=2)
    r.add_argument("--warmup", type=float, default=5)
    r.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()
    if args.command == "build":
        build(args.db, args.events)
    else:
        table = run(args.db, args.clients, args.duration, args.think, args.workers, args.warmup)
        if args.json:
            Path(args.json).write_text(json.dumps(table, indent=1))


if __name__ == "__main__":
    main()

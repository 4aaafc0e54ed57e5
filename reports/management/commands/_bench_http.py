"""
The HTTP half of `bench_reports --http`: concurrent clients asking a running server for
the reports pages and the landing pages, each with a real session of the page's role.

Stdlib only (threads + http.client with keep-alive), so the client costs little next to
the server: with 8 clients on the same two cores as gunicorn, the client's own share of
the CPU is part of what is measured, as it would be for any load generator on one box.
"""

from __future__ import annotations

import http.client
import statistics
import threading
import time
from importlib import import_module
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY


def session_cookie(user) -> str:
    """A logged-in session of `user` in the server's session store, as a Cookie header."""
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(round(0.95 * len(ordered))) - 1)]


def measure_over_http(out, base_url: str, rows, users, *, clients: int, seconds: float):
    """Run `clients` threads for `seconds`, each asking for every row's page in turn."""
    target = urlsplit(base_url)
    cookies = {role: session_cookie(user) for role, user in users.items()}
    paths = [f"{url}?{urlencode(params)}" if params else url for _l, url, params, _r in rows]
    times: list[list[float]] = [[] for _ in rows]
    failures: list[str] = []
    lock = threading.Lock()
    deadline = 0.0  # set once the pages are warm

    def client(offset: int):
        conn = http.client.HTTPConnection(target.hostname, target.port, timeout=60)
        n = offset
        while time.monotonic() < deadline:
            i = n % len(rows)
            n += 1
            started = time.perf_counter()
            try:
                conn.request("GET", paths[i], headers={"Cookie": cookies[rows[i][3]],
                                                       "Host": target.netloc})
                response = conn.getresponse()
                response.read()
            except (OSError, http.client.HTTPException) as exc:
                conn.close()
                conn = http.client.HTTPConnection(target.hostname, target.port, timeout=60)
                with lock:
                    failures.append(f"{paths[i]}: {exc!r}")
                continue
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                if response.status == 200:
                    times[i].append(elapsed)
                else:
                    failures.append(f"{paths[i]}: HTTP {response.status}")
        conn.close()

    # Warm up each page once (imports, caches, the first plan of each query).
    client_warm = http.client.HTTPConnection(target.hostname, target.port, timeout=120)
    for (_label, _url, _params, role), path in zip(rows, paths, strict=True):
        client_warm.request("GET", path, headers={"Cookie": cookies[role], "Host": target.netloc})
        client_warm.getresponse().read()
    client_warm.close()

    threads = [threading.Thread(target=client, args=(k * len(rows) // clients,))
               for k in range(clients)]
    started = time.monotonic()
    deadline = started + seconds
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    total = sum(len(t) for t in times)
    out.write(f"\nover HTTP: {base_url}, {clients} concurrent clients, {elapsed:.0f} s, "
              f"{total:,} answers ({total / elapsed:.1f}/s), {len(failures)} failures\n")
    out.write("| page | requests | p50 ms | p95 ms | max ms |")
    out.write("| --- | ---: | ---: | ---: | ---: |")
    for (label, *_rest), values in zip(rows, times, strict=True):
        if values:
            out.write(f"| {label} | {len(values)} | {statistics.median(values):.1f} | "
                      f"{_p95(values):.1f} | {max(values):.1f} |")
        else:
            out.write(f"| {label} | 0 | – | – | – |")
    every = [v for values in times for v in values]
    if every:
        out.write(f"| **all pages** | {len(every)} | {statistics.median(every):.1f} | "
                  f"{_p95(every):.1f} | {max(every):.1f} |")
    for failure in failures[:10]:
        out.write(f"failure: {failure}")
    if failures:
        from django.core.management.base import CommandError

        raise CommandError(f"{len(failures)} requests failed")

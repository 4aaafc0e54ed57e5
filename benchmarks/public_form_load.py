"""
Load generator for the citizen's public form (/pqr/radicar/).

Each client thread keeps one HTTP connection and one session, reads the CSRF
token once, then files PQRs as fast as the server answers. Bounded in count
and time, and only ever aimed at 127.0.0.1. Prints JSON with the results.

usage: python benchmarks/public_form_load.py --port 8765 --seconds 20 --clients 12
"""

import argparse
import http.client
import json
import re
import secrets
import threading
import time
import urllib.parse
from http.cookies import SimpleCookie

errors_seen = []


def client_loop(port, deadline, max_requests, out, municipality, lock, counter):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    cookies = {}

    def request(method, path, body=None, headers=None):
        h = {"Host": "127.0.0.1", "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}
        h.update(headers or {})
        conn.request(method, path, body=body, headers=h)
        resp = conn.getresponse()
        data = resp.read()
        for header in resp.headers.get_all("Set-Cookie") or []:
            c = SimpleCookie(header)
            for k, morsel in c.items():
                cookies[k] = morsel.value
        return resp.status, resp.headers, data

    status, _, html = request("GET", "/pqr/radicar/")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1).decode()
    while time.monotonic() < deadline:
        with lock:
            if counter[0] >= max_requests:
                break
            counter[0] += 1
        form = {
            "csrfmiddlewaretoken": token, "submission_id": secrets.token_urlsafe(12),
            "kind": "reclamo", "causal": "127", "account_number": "1002003",
            "description": "La factura del mes llegó muy alta sin cambios en mi consumo.",
            "id_type": "CC", "id_number": str(10_000_000 + secrets.randbelow(80_000_000)),
            "first_name": "Ana", "last_name": "Prueba", "phone": "3001234567",
            "email": "", "address": "Calle 1 # 2-3", "municipality": municipality,
            "notify_by": "postal", "data_consent": "on", "website": "",
        }
        body = urllib.parse.urlencode(form)
        t0 = time.perf_counter()
        status, headers, page = request("POST", "/pqr/radicar/", body, {
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": f"http://127.0.0.1:{port}/pqr/radicar/"})
        elapsed = time.perf_counter() - t0
        location = headers.get("Location", "")
        radicado = location.rstrip("/").rsplit("/", 1)[-1] if status == 302 else None
        out.append((elapsed, status, radicado))
        if status != 302 and not errors_seen:
            errors_seen.append(re.findall(rb'class="error[^"]*"[^>]*>([^<]+)', page)[:5]
                               or page[:300])
    conn.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--clients", type=int, default=12)
    parser.add_argument("--max-requests", type=int, default=20000)
    parser.add_argument("--municipality", default="1")
    args = parser.parse_args()
    results, lock, counter = [], threading.Lock(), [0]
    deadline = time.monotonic() + args.seconds
    threads = [threading.Thread(target=client_loop, args=(args.port, deadline, args.max_requests,
                                                           results, args.municipality, lock, counter))
               for _ in range(args.clients)]
    t0 = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.monotonic() - t0
    ok = [r for r in results if r[1] == 302]
    lat = sorted(r[0] for r in ok)

    def pct(p):
        return round(1000 * lat[min(len(lat) - 1, int(p * len(lat)))], 1) if lat else None

    print(json.dumps({
        "clients": args.clients, "seconds": round(wall, 2), "requests": len(results),
        "filed": len(ok), "errors": len(results) - len(ok),
        "statuses": sorted({r[1] for r in results}),
        "per_second": round(len(ok) / wall, 1),
        "latency_ms": {"p50": pct(0.50), "p95": pct(0.95), "p99": pct(0.99)},
        "first_error": [str(e) for e in errors_seen[:1]],
        "radicados": [r[2] for r in ok],
    }))


if __name__ == "__main__":
    main()

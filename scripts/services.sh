# Throwaway PostgreSQL and Redis on free 127.0.0.1 ports, for tests and benchmarks.
# Source it, then call start_services; stop_services runs on exit (set the trap yourself).
# Exports DATABASE_URL, CELERY_BROKER_URL, REDIS_URL; uses $PY for the port finder.

start_services() {
    work=$(mktemp -d /tmp/pqr-svc.XXXXXX)
    chmod 755 "$work"
    free_port() { "$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
    PGPORT=$(free_port); REDISPORT=$(free_port)
    PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
    chown postgres "$work"
    ( cd "$work" && runuser -u postgres -- "$PGBIN/initdb" -D "$work/data" -U postgres --auth=trust \
        --encoding=UTF8 --locale=C.UTF-8 --no-sync >/dev/null ) || { echo "ERROR: initdb failed" >&2; return 1; }
    ( cd "$work" && runuser -u postgres -- "$PGBIN/pg_ctl" -D "$work/data" -l "$work/pg.log" -w \
        -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $work -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200 ${PG_EXTRA_OPTS:-}" start >/dev/null ) \
        || { echo "ERROR: PostgreSQL did not start"; cat "$work/pg.log"; return 1; }
    ( cd "$work" && runuser -u postgres -- "$PGBIN/createdb" -h "$work" -p "$PGPORT" pqr ) \
        || { echo "ERROR: createdb failed" >&2; return 1; }
    redis-server --bind 127.0.0.1 --port "$REDISPORT" --daemonize yes --pidfile "$work/redis.pid" \
        --logfile "$work/redis.log" --dir "$work" --save '' --appendonly no --databases 64 \
        || { echo "ERROR: Redis did not start" >&2; return 1; }
    echo ">> PostgreSQL on 127.0.0.1:$PGPORT, Redis on 127.0.0.1:$REDISPORT"
    export DATABASE_URL="postgres://postgres@127.0.0.1:$PGPORT/pqr"
    export CELERY_BROKER_URL="redis://127.0.0.1:$REDISPORT/0"
    export REDIS_URL="redis://127.0.0.1:$REDISPORT/1"
}

stop_services() {
    [ -n "${work:-}" ] || return 0
    [ -f "$work/redis.pid" ] && kill "$(cat "$work/redis.pid")" 2>/dev/null
    [ -d "$work/data" ] && (cd "$work" && runuser -u postgres -- "$PGBIN/pg_ctl" -D "$work/data" -m fast -w stop >/dev/null 2>&1)
    rm -rf "$work"
}

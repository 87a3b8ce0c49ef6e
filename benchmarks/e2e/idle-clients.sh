#!/usr/bin/env bash
# What an idle keep-alive client connection costs a proxy: Tether's example proxy and HAProxy 2.6,
# each in front of the same nginx origin, receive N clients (5,000 by default) that each send one
# request, read the answer and then stay connected, silent.
#
#   benchmarks/e2e/idle-clients.sh [--clients N] [--policy safe|always]
#
# Tether: live heap after a full GC (jcmd GC.class_histogram, which counts live objects only) before
# the clients, with them all idle, and after they closed; per client = (idle - before) / N.
# HAProxy: resident memory (VmRSS of its process) before and with the clients idle.
# Both are measured once the idle backend connections the requests left have been purged (nginx's
# stub_status "Active connections" back to the status request alone, or 60 s at most), so that
# the figure is the client connection's own cost; the backend connections still open are reported.
# Both keep an idle client 300 s (Tether --idle-timeout-ms 300000, HAProxy timeout client 300s), and
# the table shows how many clients were still connected when measured (a warning if not all).
# Prints a table and, as its last line, one JSON object: clients, policy, tetherHeapPerClientBytes,
# tetherHeapAfterCloseBytes (live heap left over once every client closed, vs before), tetherBackendConns,
# haproxyRssPerClientBytes, haproxyBackendConns.
#
# Needs: nginx, haproxy, java 17 (jcmd), python3, ss, and the examples jar (built here if missing or older
# than a source file). Everything listens on 127.0.0.1 on free ports; every process is killed on exit.
set -euo pipefail
cd "$(dirname "$0")/../.."
. benchmarks/e2e/common.sh

clients=5000
policy=safe
while [ $# -gt 0 ]; do
  case "$1" in
    --clients) clients=$2; shift 2 ;;
    --policy) policy=$2; shift 2 ;;
    *) echo "usage: $0 [--clients N] [--policy safe|always]" >&2; exit 2 ;;
  esac
done
require_tools nginx haproxy java jcmd python3
use_jar   # TETHER_JAR measures another build
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

tmp=$(mktemp -d /tmp/tether-idle.XXXXXX)
pids=()
trap cleanup EXIT INT TERM

origin_port=$(free_port); status_port=$(free_port)
mkdir -p "$tmp/nginx"
cat > "$tmp/nginx/nginx.conf" <<EOF
worker_processes 1;
daemon off;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/error.log warn;
events { worker_connections $(( clients * 2 + 100 )); }
worker_rlimit_nofile $(( clients * 2 + 200 ));
http {
  access_log off;
  client_body_temp_path $tmp/nginx/body; proxy_temp_path $tmp/nginx/proxy; fastcgi_temp_path $tmp/nginx/fastcgi;
  uwsgi_temp_path $tmp/nginx/uwsgi; scgi_temp_path $tmp/nginx/scgi;
  keepalive_requests 10000000;
  keepalive_timeout 300s;
  server { listen 127.0.0.1:$origin_port; location / { return 200 "hello from the origin\n"; } }
  server { listen 127.0.0.1:$status_port; location / { stub_status; } }
}
EOF
nginx -e "$tmp/nginx/error.log" -p "$tmp/nginx" -c "$tmp/nginx/nginx.conf" &
pids+=("$!")
wait_port "$origin_port"; wait_port "$status_port"

active() { # nginx's open client connections (the proxies' backend connections), less the status request
  local body
  exec 3<>"/dev/tcp/127.0.0.1/$status_port"
  printf 'GET / HTTP/1.0\r\nHost: status\r\n\r\n' >&3
  body=$(cat <&3); exec 3<&-
  echo "$body" | awk '/^Active connections:/ {print $3 - 1}'
}

await_purged() { # waits (60 s at most) until the proxy's idle backend connections are closed
  for _ in $(seq 1 120); do
    [ "$(active)" -le 0 ] && return 0
    sleep 0.5
  done
}

# The clients: N connections, one request each (100 at a time), then silent until "close" on stdin.
cat > "$tmp/clients.py" <<'EOF'
import asyncio, sys
async def main(port, n):
    conns = []
    sem = asyncio.Semaphore(100)
    async def one():
        async with sem:
            r, w = await asyncio.open_connection('127.0.0.1', port)
            w.write(b'GET / HTTP/1.1\r\nHost: idle\r\n\r\n')
            head = await r.readuntil(b'\r\n\r\n')
            length = int([l for l in head.split(b'\r\n') if l.lower().startswith(b'content-length:')][0].split(b':')[1])
            await r.readexactly(length)
            conns.append((r, w))
    await asyncio.gather(*(one() for _ in range(n)))
    print('ready', len(conns), flush=True)
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
    for r, w in conns:
        w.close()
    for r, w in conns:
        try:
            await w.wait_closed()
        except Exception:
            pass
    print('closed', flush=True)
asyncio.run(main(int(sys.argv[1]), int(sys.argv[2])))
EOF

run_clients() { # port -> starts the clients, waits until they are all idle
  mkfifo "$tmp/ctl"
  python3 "$tmp/clients.py" "$1" "$clients" < "$tmp/ctl" > "$tmp/clients.out" &
  client_pid=$!; pids+=("$client_pid")
  exec 4>"$tmp/ctl"
  for _ in $(seq 1 600); do grep -q '^ready' "$tmp/clients.out" && return 0; sleep 0.1; done
  echo "clients did not connect: $(cat "$tmp/clients.out")" >&2; return 1
}
close_clients() {
  echo close >&4; exec 4>&-
  wait "$client_pid" || true
  rm -f "$tmp/ctl"
}

connected() { # established client connections on the proxy's port
  ss -Htn state established "( sport = :$1 )" | wc -l
}
live_heap() { jcmd "$1" GC.class_histogram | awk '/^Total/ {print $3}'; }
rss() { awk '/^VmRSS:/ {print $2 * 1024}' "/proc/$1/status"; }

# ---- Tether ---------------------------------------------------------------------------------------
port=$(free_port)
java -Xms256m -Xmx1g -jar "$jar" proxy --listen "127.0.0.1:$port" --backend "h1://127.0.0.1:$origin_port" \
  --policy "$policy" --purge-delay-ms 5000 --max-idle-per-session 5 --idle-timeout-ms 300000 \
  > "$tmp/tether.log" 2>&1 &
tether_pid=$!; pids+=("$tether_pid")
wait_port "$port"
curl -s -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null || true
await_purged
t_before=$(live_heap "$tether_pid")
run_clients "$port"
await_purged
t_backends=$(active)
t_idle=$(live_heap "$tether_pid")
t_connected=$(connected "$port")
close_clients
for _ in $(seq 1 100); do # until the proxy has no client connection left (10 s at most)
  [ "$(connected "$port")" -eq 0 ] && break
  sleep 0.1
done
t_after=$(live_heap "$tether_pid")
kill "$tether_pid"; wait "$tether_pid" 2>/dev/null || true

# ---- HAProxy --------------------------------------------------------------------------------------
port=$(free_port)
cat > "$tmp/haproxy.cfg" <<EOF
global
  maxconn $(( clients + 100 ))
  nbthread $(nproc)
defaults
  mode http
  timeout connect 5s
  timeout client 300s
  timeout server 300s
  timeout http-keep-alive 300s
  http-reuse $policy
frontend fe
  bind 127.0.0.1:$port
  default_backend be
backend be
  server origin 127.0.0.1:$origin_port pool-purge-delay 5s
EOF
haproxy -db -f "$tmp/haproxy.cfg" > "$tmp/haproxy.log" 2>&1 &
haproxy_pid=$!; pids+=("$haproxy_pid")
wait_port "$port"
curl -s -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null || true
await_purged
h_before=$(rss "$haproxy_pid")
run_clients "$port"
await_purged
h_backends=$(active)
h_idle=$(rss "$haproxy_pid")
h_connected=$(connected "$port")
close_clients

for c in "$t_connected" "$h_connected"; do # a client closed early makes the per-client figure wrong
  [ "$c" -eq "$clients" ] || echo "warning: $c of $clients clients were still connected when measured" >&2
done
per() { awk -v a="$1" -v b="$2" -v n="$clients" 'BEGIN {printf "%.0f", (a - b) / n}'; }
tp=$(per "$t_idle" "$t_before"); hp=$(per "$h_idle" "$h_before")
ta=$(( t_after - t_before ))
echo "| proxy | before | $clients clients idle | connected | per client | backend conns open | after they closed |"
echo "|---|---:|---:|---:|---:|---:|---:|"
echo "| Tether (live heap after full GC) | $t_before | $t_idle | $t_connected | **$tp B** | $t_backends | $t_after ($ta B vs before) |"
echo "| HAProxy (resident memory) | $h_before | $h_idle | $h_connected | **$hp B** | $h_backends | |"
printf '{"clients": %s, "policy": "%s", "tetherHeapPerClientBytes": %s, "tetherHeapAfterCloseBytes": %s, "tetherBackendConns": %s, "haproxyRssPerClientBytes": %s, "haproxyBackendConns": %s}\n' \
  "$clients" "$policy" "$tp" "$ta" "$t_backends" "$hp" "$h_backends"

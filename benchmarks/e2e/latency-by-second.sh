#!/usr/bin/env bash
# When a proxy's slow requests happen on the h1-wrk load: Tether's example proxy or HAProxy 2.6 (set
# up as compare-haproxy.sh sets them up, under `safe`) in front of nginx (1 worker), warmed up with
# wrk (1 thread, 64 keep-alive connections), then measured with h2load --h1 (1 thread, 64 new
# keep-alive connections), whose per-request log gives each request's start and latency.
#
#   benchmarks/e2e/latency-by-second.sh tether|haproxy [--warm S] [--warm-rounds N] [--dur S]
#
# --warm-rounds N (default 2) splits the warm-up into N runs of wrk, each with new connections, as
# cpu-per-request.sh does: the measured clients are then not the second generation the proxy ever
# saw, whose arrival makes the JIT recompile what it had compiled for the first (--warm-rounds 1 shows it).
# Prints, per second of the measured run: requests, p50, p99, max and how many took over 5 ms; then
# the whole run; then per proxy thread that used CPU in the measured run: CPU ticks (1/100 s) and
# voluntary / involuntary context switches (an involuntary one: the thread was switched out while
# runnable, preempted or after sched_yield); with perf, the accept(2) calls per thread (one per
# connection, plus one per batch that found none): how the kernel's SO_REUSEPORT hash split the 64
# clients over the listeners (a Tether listener then deals a connection to the other loop when its own
# is ahead, so where they end up shows in the loops' CPU ticks).
# TETHER_PROXY_JAVA_OPTS (default -Xms256m -Xmx512m) adds JVM flags (e.g. a JFR recording), TETHER_JAR
# measures another build. Needs: nginx, haproxy, wrk, h2load, python3, java 17; perf is optional.
set -euo pipefail
cd "$(dirname "$0")/../.."
. benchmarks/e2e/common.sh

proxy=${1:-}
[ "$proxy" = tether ] || [ "$proxy" = haproxy ] || { echo "usage: $0 tether|haproxy [--warm S] [--warm-rounds N] [--dur S]" >&2; exit 2; }
shift
warm=20 dur=15 rounds=2
while [ $# -gt 0 ]; do
  case "$1" in
    --warm) warm=$2; shift 2 ;;
    --warm-rounds) rounds=$2; shift 2 ;;
    --dur) dur=$2; shift 2 ;;
    *) echo "usage: $0 tether|haproxy [--warm S] [--warm-rounds N] [--dur S]" >&2; exit 2 ;;
  esac
done
check_warm_rounds "$warm" "$rounds"
require_tools nginx haproxy wrk h2load python3 java
use_jar
tmp=$(mktemp -d /tmp/tether-latency.XXXXXX)
pids=()
trap cleanup EXIT INT TERM

start_h1_origin
port=$(free_port)
start_h1_proxy "$proxy" "$port" safe

threads() { # one line per thread: tid name ticks voluntary involuntary
  local t s name rest
  for t in /proc/"$proxy_pid"/task/*; do
    s=$(cat "$t/stat" 2>/dev/null) || continue
    name=${s#*(}; name=${name%%)*}; name=${name// /_}; rest=${s##*) }
    set -- $rest   # utime and stime: fields 14 and 15 of stat, the 12th and 13th after the name
    echo "${t##*/} $name $(( ${12} + ${13} )) $(awk '/^voluntary_ctxt/ {v=$2} /^nonvoluntary_ctxt/ {n=$2} END {print v, n}' "$t/status")"
  done | sort
}

for ((r = 0; r < rounds; r++)); do
  wrk -t1 -c64 -d"$(( warm / rounds ))s" "http://127.0.0.1:$port/" > /dev/null
done
threads > "$tmp/before"
if command -v perf > /dev/null 2>&1; then
  perf stat -e syscalls:sys_exit_accept,syscalls:sys_exit_accept4 --per-thread -x, -o "$tmp/accepts" \
    -p "$proxy_pid" -- sleep $(( dur + 2 )) > /dev/null 2>&1 &
  perf_pid=$!; pids+=("$perf_pid")
  sleep 1   # perf attached before the clients connect
fi
h2load --h1 -c64 -t1 -D "$dur" --log-file="$tmp/requests" "http://127.0.0.1:$port/" > "$tmp/h2load.out" 2>&1
threads > "$tmp/after"
[ -n "${perf_pid:-}" ] && wait "$perf_pid" 2>/dev/null || true

echo "$proxy, ${warm} s warm-up (wrk, $rounds round(s)), ${dur} s measured (h2load --h1 -c64 -t1); load average $(cut -d' ' -f1-3 /proc/loadavg)"
python3 - "$tmp/requests" <<'EOF'
import sys
rows = [line.split('\t') for line in open(sys.argv[1])]
start = min(int(r[0]) for r in rows)
by_second = {}
for r in rows:
    by_second.setdefault((int(r[0]) - start) // 1_000_000, []).append(int(r[2]))
def line(label, v):
    v.sort()
    n = len(v)
    print("%-5s %7d requests  p50 %6.2f  p99 %6.2f  max %7.2f ms  over 5 ms: %d"
          % (label, n, v[n // 2] / 1000, v[int(n * .99)] / 1000, v[-1] / 1000, sum(1 for x in v if x > 5000)))
every = []
for s in sorted(by_second):
    line("s%d" % s, by_second[s])
    every += by_second[s]
line("all", every)
EOF
echo "threads that used CPU while measured: ticks (1/100 s), voluntary / involuntary switches"
join "$tmp/before" "$tmp/after" | awk '$7 - $3 > 5 {printf "  %-16s %5d ticks  %6d / %6d\n", $2, $7 - $3, $8 - $4, $9 - $5}'
if [ -f "$tmp/accepts" ]; then
  echo "accept calls per thread (64 clients + one empty accept per batch; the listeners' split):"
  awk -F, '$2 ~ /^[0-9]+$/ && $2 > 0 {printf "  %-24s %s\n", $1, $2}' "$tmp/accepts"
fi

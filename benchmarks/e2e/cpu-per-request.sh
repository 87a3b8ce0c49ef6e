#!/usr/bin/env bash
# CPU time a proxy spends per one-shot request (wrk -t2 -c100 -H 'Connection: close'): Tether's
# example proxy and HAProxy 2.6 (nbthread = cores, http-reuse = the policy), alternated, each in front
# of the same nginx origin (1 worker, `return 200`), each started cold and warmed up first.
#
#   benchmarks/e2e/cpu-per-request.sh [--policy always|safe] [--warm S] [--dur S] [--pairs N]
#
# CPU per request = the proxy process's utime + stime (/proc/PID/stat, every thread) over the measured
# load, divided by wrk's requests. For Tether the same is split by thread (/proc/PID/task/*/stat):
# the event loops (proxy-N), the JIT compilers, the GC and VM threads, the rest. The default 20 s
# warm-up covers the JIT (a cold proxy compiles for about 18 s under this load); with less, the JIT
# column shows what is still compiling. Prints one line per run, then the medians.
#
# TETHER_PROXY_JAVA_OPTS (default -Xms256m -Xmx512m) sets the JVM flags, TETHER_JAR another build.
# Needs: nginx, haproxy, wrk, java 17. Everything listens on 127.0.0.1; every process is killed on exit.
set -euo pipefail
cd "$(dirname "$0")/../.."
. benchmarks/e2e/common.sh

policy=always warm=20 dur=8 pairs=3
while [ $# -gt 0 ]; do
  case "$1" in
    --policy) policy=$2; shift 2 ;;
    --warm) warm=$2; shift 2 ;;
    --dur) dur=$2; shift 2 ;;
    --pairs) pairs=$2; shift 2 ;;
    *) echo "usage: $0 [--policy always|safe] [--warm S] [--dur S] [--pairs N]" >&2; exit 2 ;;
  esac
done
PATH="$PATH:/usr/sbin"
for tool in nginx haproxy wrk java; do
  command -v "$tool" >/dev/null 2>&1 || { echo "missing $tool" >&2; exit 1; }
done
jar=${TETHER_JAR:-examples/target/tether-examples.jar}
if [ -z "${TETHER_JAR:-}" ] && jar_is_stale "$jar"; then
  mvn -B -q -DskipTests -pl examples -am package
fi
tmp=$(mktemp -d /tmp/tether-cpu.XXXXXX)
pids=()
trap cleanup EXIT INT TERM

origin=$(free_port)
mkdir -p "$tmp/nginx"
cat > "$tmp/nginx/nginx.conf" <<EOF
worker_processes 1;
daemon off;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $tmp/nginx/body;
  proxy_temp_path $tmp/nginx/proxy;
  fastcgi_temp_path $tmp/nginx/fastcgi;
  uwsgi_temp_path $tmp/nginx/uwsgi;
  scgi_temp_path $tmp/nginx/scgi;
  keepalive_requests 10000000;
  keepalive_timeout 120s;
  server { listen 127.0.0.1:$origin; location / { return 200 "hello from the origin\n"; } }
}
EOF
nginx -e "$tmp/nginx/error.log" -p "$tmp/nginx" -c "$tmp/nginx/nginx.conf" &
pids+=("$!")
wait_port "$origin"

start_proxy() { # tether|haproxy port -> proxy_pid
  if [ "$1" = tether ]; then
    # shellcheck disable=SC2086 # the options are words
    java ${TETHER_PROXY_JAVA_OPTS:--Xms256m -Xmx512m} -jar "$jar" proxy --listen "127.0.0.1:$2" \
      --backend "h1://127.0.0.1:$origin" --policy "$policy" --purge-delay-ms 5000 --max-idle-per-session 5 \
      --connect-timeout-ms 5000 > "$tmp/tether.log" 2>&1 &
  else
    printf '%s\n' global '  maxconn 4096' "  nbthread $(nproc)" defaults '  mode http' '  timeout connect 5s' \
      '  timeout client 60s' '  timeout server 60s' '  timeout http-keep-alive 60s' "  http-reuse $policy" \
      'frontend fe' "  bind 127.0.0.1:$2" '  default_backend be' 'backend be' \
      "  server origin 127.0.0.1:$origin pool-purge-delay 5s" > "$tmp/haproxy.cfg"
    haproxy -db -f "$tmp/haproxy.cfg" > "$tmp/haproxy.log" 2>&1 &
  fi
  proxy_pid=$!; pids+=("$proxy_pid")
  wait_port "$2"
}

ticks() { # CPU ticks of the proxy per thread group: "loops N jit N gcvm N other N all N"
  local t comm rest
  declare -A sum=([loops]=0 [jit]=0 [gcvm]=0 [other]=0)
  for t in /proc/"$proxy_pid"/task/*/stat; do
    read -r rest < "$t" 2>/dev/null || continue
    comm=${rest#*(}; comm=${comm%)*}; rest=${rest##*) }
    set -- $rest   # field 14 of stat (utime) is the 12th after the name
    case "$comm" in
      proxy-*) g=loops ;; *Compiler*) g=jit ;; GC*|G1*|VM*) g=gcvm ;; *) g=other ;;
    esac
    sum[$g]=$(( sum[$g] + ${12} + ${13} ))
  done
  echo "loops ${sum[loops]} jit ${sum[jit]} gcvm ${sum[gcvm]} other ${sum[other]} all $(( sum[loops] + sum[jit] + sum[gcvm] + sum[other] ))"
}

hz=$(getconf CLK_TCK)
lines=()
one_run() { # tether|haproxy -> appends "proxy rps us-all us-loops us-jit us-gcvm"
  local port; port=$(free_port)
  start_proxy "$1" "$port"
  wrk -t2 -c100 -d"${warm}s" -H 'Connection: close' "http://127.0.0.1:$port/" > /dev/null 2>&1
  local before after out reqs rps
  before=$(ticks)
  out=$(wrk -t2 -c100 -d"${dur}s" -H 'Connection: close' "http://127.0.0.1:$port/" 2>&1)
  after=$(ticks)
  kill "$proxy_pid"; wait "$proxy_pid" 2>/dev/null || true
  reqs=$(echo "$out" | awk '/requests in/ {print $1}')
  rps=$(echo "$out" | awk '/^Requests\/sec:/ {print $2}')
  lines+=("$1 $rps $(paste <(echo "$before" | tr ' ' '\n') <(echo "$after" | tr ' ' '\n') | paste - - \
    | awk -v r="$reqs" -v hz="$hz" '{v[$1]=($4-$2)/hz*1e6/r} END {printf "%.1f %.1f %.1f %.1f", v["all"], v["loops"], v["jit"], v["gcvm"]}')")
  echo "${lines[-1]}" | awk '{printf "%-8s %9s req/s  %6s us CPU/request (loops %s, JIT %s, GC+VM %s)\n", $1, $2, $3, $4, $5, $6}'
}

echo "policy $policy, ${warm}s warm-up, ${dur}s measured, $pairs pairs; java: $(java -version 2>&1 | head -1)"
for _ in $(seq 1 "$pairs"); do
  one_run tether
  one_run haproxy
done
median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
for p in tether haproxy; do
  printf '%s median: %s req/s, %s us CPU/request (loops %s)\n' "$p" \
    "$(printf '%s\n' "${lines[@]}" | awk -v p="$p" '$1==p {print $2}' | median)" \
    "$(printf '%s\n' "${lines[@]}" | awk -v p="$p" '$1==p {print $3}' | median)" \
    "$(printf '%s\n' "${lines[@]}" | awk -v p="$p" '$1==p {print $4}' | median)"
done

#!/usr/bin/env bash
# End-to-end comparison of Tether's example reverse proxy with HAProxy 2.6 (Debian's), both in front
# of the same nginx origin on this machine, under the same load, alternated A/B/A/B.
#
#   benchmarks/e2e/compare-haproxy.sh [--quick] [--warm SECONDS] [--warm-rounds N] [--pairs N] [--tls] [--loads NAME,NAME...]
#   benchmarks/e2e/compare-haproxy.sh --report RESULTS-DIR
#
# Each run starts the proxy cold, runs the load for the warm-up (5 s, 2 s with --quick, or --warm
# SECONDS), then measures it (15 s, 4 s with --quick); both proxies get the same warm-up. A cold JVM
# runs interpreted and C1 code for its first ~18 s of a load like these, so a warm-up of 20 s or more
# measures the steady state of a long-running proxy; shorter ones include JIT compilation.
# --warm-rounds N splits the warm-up into N runs of the load (default 1), each with new client
# connections, so that the measured clients are the (N+1)th to connect, as in a proxy that has been
# accepting clients for a while; the JIT then has seen connections arrive, not only requests flow.
# Loads (nginx's stub_status counts the backend connections each proxy opened, warm-up included;
# both proxies under the same policy):
#   h1-wrk          HTTP/1.1 origin, wrk with 64 keep-alive connections (safe)
#   h1-h2load       HTTP/1.1 origin, h2load through the proxies' h2c frontend (16 connections x 4
#                   streams; safe)
#   h2c-wrk         h2c origin (nginx "listen ... http2", max 32 concurrent streams), wrk with 64
#                   connections (safe); backend connections are reported against ceil(64 / 32)
#   h1-close-safe   HTTP/1.1 origin, wrk with 100 connections sending "Connection: close": one
#                   request per client connection (safe)
#   h1-close-always the same under "always"
#   h1-1000         HTTP/1.1 origin, h2load --h1 with 1,000 keep-alive connections (safe)
#   h2c-200x50      h2c origin, h2load with 200 h2c connections x 50 streams (always)
#   h2c-goaway      h2c origin that sends GOAWAY on every connection's 7th request (nginx
#                   "keepalive_requests 7"), h2load with 4 connections x 10 streams (always); its
#                   entry adds tetherReplays (requests the Tether proxy sent again, from its
#                   /tether/stats, warm-up included)
# With --tls the same loads run with nginx serving TLS (a self-signed certificate made by openssl for
# the run) and both proxies connecting to it over TLS with verification on (SNI localhost, ALPN
# http/1.1 for the h1 loads and h2 for the h2 one): tls-h1-wrk, tls-h1-h2load, tls-h2-wrk,
# tls-h1-close-safe, tls-h1-close-always. nginx then logs $connection per request, so each TLS load's
# entry also has tetherHandshakes and haproxyHandshakes (distinct backend connections, warm-up
# included) and tetherRequestsPerHandshake and haproxyRequestsPerHandshake.
# --loads runs only the named ones (plain and TLS loads may be mixed). Prints a table with Tether / HAProxy ratios, writes JSON,
# Markdown and an SVG chart under benchmarks/results/e2e-<UTC time>/, and prints as its last line one
# JSON object {"loads": [...]} with one entry per load: name, tetherRps, haproxyRps, rpsRatio,
# tetherP50Ms, tetherP99Ms, haproxyP50Ms, haproxyP99Ms, tetherBackendConns, haproxyBackendConns,
# tetherErrors, haproxyErrors (medians over the pairs; errors are wrk's socket errors and non-2xx
# answers, h2load's failed requests: not answered 2xx/3xx, errored and timed out included).
# Each Tether run's /tether/stats, taken after its measured load, is kept as
# tether-stats-<load>-pair<N>.json: why each backend connection was opened and closed.
#
# Needs: nginx, haproxy, wrk, h2load (nghttp2-client), java 17, openssl for --tls, and the examples jar
# (examples/target/tether-examples.jar, built here if missing or older than a source file). Everything listens on 127.0.0.1,
# on free ports; configs live in a temporary directory; every process is killed on exit.
# TETHER_JAR measures another build of the proxy (not rebuilt), as the other scripts here;
# TETHER_PROXY_CMD overrides the Tether proxy command (placeholders @LISTEN@, @BACKEND@, @POLICY@).
set -euo pipefail
cd "$(dirname "$0")/../.."
. benchmarks/e2e/common.sh
root=$(pwd)

# name -> "backend-mode load policy"
declare -A spec=(
  [h1-wrk]="h1 wrk safe"
  [h1-h2load]="h1 h2load safe"
  [h2c-wrk]="h2c wrk safe"
  [h1-close-safe]="h1 wrk_close safe"
  [h1-close-always]="h1 wrk_close always"
  [h1-1000]="h1 h2load_1000 safe"
  [h2c-200x50]="h2c h2load_200x50 always"
  [h2c-goaway]="h2c-goaway h2load_goaway always"
  [tls-h1-wrk]="tls-h1 wrk safe"
  [tls-h1-h2load]="tls-h1 h2load safe"
  [tls-h2-wrk]="tls-h2 wrk safe"
  [tls-h1-close-safe]="tls-h1 wrk_close safe"
  [tls-h1-close-always]="tls-h1 wrk_close always"
)
plain_loads="h1-wrk h1-h2load h2c-wrk h1-close-safe h1-close-always h1-1000 h2c-200x50 h2c-goaway"
tls_loads="tls-h1-wrk tls-h1-h2load tls-h2-wrk tls-h1-close-safe tls-h1-close-always"
all_loads="$plain_loads $tls_loads"

quick=0
pairs=3
warm_arg=""
warm_rounds=1
loads=""
report_dir=""   # --report DIR: redo the table, chart and JSON from DIR/runs.txt, measure nothing
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1; shift ;;
    --tls) loads="$loads $tls_loads"; shift ;;
    --pairs) pairs=$2; shift 2 ;;
    --warm) warm_arg=$2; shift 2 ;;
    --warm-rounds) warm_rounds=$2; shift 2 ;;
    --loads) loads="$loads ${2//,/ }"; shift 2 ;;
    --report) report_dir=$2; shift 2 ;;
    *) echo "usage: $0 [--quick] [--warm SECONDS] [--warm-rounds N] [--pairs N] [--tls] [--loads NAME,...] | --report RESULTS-DIR" >&2; exit 2 ;;
  esac
done
loads=$(echo ${loads:-$plain_loads} | tr ' ' '\n' | awk '!seen[$0]++' | tr '\n' ' ')
for l in $loads; do
  [ -n "${spec[$l]:-}" ] || { echo "unknown load $l (known: $all_loads)" >&2; exit 2; }
done
if [ "$quick" = 1 ]; then warm=2; dur=4; else warm=5; dur=15; fi
if [ -n "$warm_arg" ]; then
  [[ "$warm_arg" =~ ^[0-9]+$ ]] && [ "$warm_arg" -ge 1 ] || { echo "--warm takes whole seconds >= 1" >&2; exit 2; }
  warm=$warm_arg
fi
check_warm_rounds "$warm" "$warm_rounds"
[ "$pairs" -ge 3 ] || { echo "at least 3 pairs" >&2; exit 2; }

jar=${TETHER_JAR:-examples/target/tether-examples.jar}
if [ -z "$report_dir" ]; then
tools="nginx haproxy wrk h2load java"
case " $loads" in *" tls-"*) tools="$tools openssl" ;; esac
for tool in $tools; do
  command -v "$tool" >/dev/null 2>&1 || [ -x "/usr/sbin/$tool" ] || {
    echo "missing $tool: apt-get install -y nginx haproxy wrk nghttp2-client openjdk-17-jdk-headless openssl" >&2; exit 1; }
done
PATH="$PATH:/usr/sbin"

if [ -n "${TETHER_JAR:-}" ]; then
  [ -f "$jar" ] || { echo "TETHER_JAR: no such file: $jar" >&2; exit 1; }
elif [ -z "${TETHER_PROXY_CMD:-}" ] && jar_is_stale "$jar"; then
  if [ -f examples/pom.xml ]; then
    mvn -B -q -DskipTests -pl examples -am package
  else
    echo "the examples module (the Tether proxy) is not in this tree; set TETHER_PROXY_CMD" >&2; exit 1
  fi
fi
fi
# --connect-timeout-ms 5000: HAProxy's "timeout connect" below (for TLS backends it bounds the handshake too).
proxy_cmd_template=${TETHER_PROXY_CMD:-"java ${TETHER_PROXY_JAVA_OPTS:--Xms256m -Xmx512m} -jar $jar proxy --listen 127.0.0.1:@LISTEN@ --backend @BACKEND@ --policy @POLICY@ --purge-delay-ms 5000 --max-idle-per-session 5 --connect-timeout-ms 5000"}

tmp=$(mktemp -d /tmp/tether-e2e.XXXXXX)
pids=()
trap cleanup EXIT INT TERM

stop() { # pid
  kill "$1" 2>/dev/null || true
  wait "$1" 2>/dev/null || true
}

# ---- the origin ---------------------------------------------------------------------------------
tls_files() { # a self-signed certificate for localhost and 127.0.0.1, made once per run
  [ -f "$tmp/cert.pem" ] && return
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj /CN=localhost \
    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" -keyout "$tmp/key.pem" -out "$tmp/cert.pem" 2>/dev/null
}

start_nginx() { # mode (h1|h2c|h2c-goaway|tls-h1|tls-h2) -> sets origin_port, status_port, nginx_log
  origin_port=$(free_port); status_port=$(free_port)
  local listen_opts="" tls_conf="" log="access_log off;" requests=10000000
  nginx_log="$tmp/nginx-$1/access.log"
  case "$1" in
    h2c) listen_opts=" http2" ;;
    h2c-goaway) listen_opts=" http2"; requests=7 ;;   # nginx sends GOAWAY on a connection's 7th request
    tls-h1|tls-h2)
      tls_files
      listen_opts=" ssl"; [ "$1" = tls-h2 ] && listen_opts=" ssl http2"
      tls_conf="ssl_certificate $tmp/cert.pem; ssl_certificate_key $tmp/key.pem;"
      log="log_format conn '\$connection'; access_log $nginx_log conn;" ;;
  esac
  mkdir -p "$tmp/nginx-$1"
  cat > "$tmp/nginx-$1/nginx.conf" <<EOF
worker_processes 1;
daemon off;
pid $tmp/nginx-$1/nginx.pid;
error_log $tmp/nginx-$1/error.log warn;
events { worker_connections 4096; }
http {
  $log
  client_body_temp_path $tmp/nginx-$1/body;
  proxy_temp_path $tmp/nginx-$1/proxy;
  fastcgi_temp_path $tmp/nginx-$1/fastcgi;
  uwsgi_temp_path $tmp/nginx-$1/uwsgi;
  scgi_temp_path $tmp/nginx-$1/scgi;
  keepalive_requests $requests;
  keepalive_timeout 120s;
  http2_max_concurrent_streams 32;
  server {
    listen 127.0.0.1:$origin_port$listen_opts;
    $tls_conf
    location / { return 200 "hello from the origin\n"; }
  }
  server {
    listen 127.0.0.1:$status_port;
    access_log off;
    location / { stub_status; }
  }
}
EOF
  nginx -e "$tmp/nginx-$1/error.log" -p "$tmp/nginx-$1" -c "$tmp/nginx-$1/nginx.conf" &
  nginx_pid=$!; pids+=("$nginx_pid")
  wait_port "$origin_port"; wait_port "$status_port"
}

accepts() { # nginx's accepted connections so far, less the status request itself
  local body
  exec 3<>"/dev/tcp/127.0.0.1/$status_port"
  printf 'GET / HTTP/1.0\r\nHost: status\r\n\r\n' >&3
  body=$(cat <&3); exec 3<&-
  echo "$body" | awk '/^ *[0-9]+ +[0-9]+ +[0-9]+ *$/ {print $1; exit}'
}

# ---- the proxies --------------------------------------------------------------------------------
start_haproxy() { # backend-mode policy -> proxy_port, proxy_pid
  proxy_port=$(free_port)
  local proto=""
  case "$1" in
    h2c|h2c-goaway) proto=" proto h2" ;;
    tls-h1) proto=" ssl verify required ca-file $tmp/cert.pem sni str(localhost) alpn http/1.1" ;;
    tls-h2) proto=" ssl verify required ca-file $tmp/cert.pem sni str(localhost) alpn h2" ;;
  esac
  cat > "$tmp/haproxy.cfg" <<EOF
global
  maxconn 4096
  nbthread $(nproc)
defaults
  mode http
  timeout connect 5s
  timeout client 60s
  timeout server 60s
  timeout http-keep-alive 60s
  http-reuse $2
frontend fe
  bind 127.0.0.1:$proxy_port
  default_backend be
backend be
  server origin 127.0.0.1:$origin_port$proto pool-purge-delay 5s
EOF
  haproxy -db -f "$tmp/haproxy.cfg" > "$tmp/haproxy.log" 2>&1 &
  proxy_pid=$!; pids+=("$proxy_pid")
  wait_port "$proxy_port" || { tail -20 "$tmp/haproxy.log" >&2; return 1; }
}

start_tether() { # backend-mode policy -> proxy_port, proxy_pid
  proxy_port=$(free_port)
  local backend="h1://127.0.0.1:$origin_port" extra=""
  case "$1" in
    h2c|h2c-goaway) backend="h2c://127.0.0.1:$origin_port" ;;
    tls-h1) backend="'https://127.0.0.1:$origin_port?sni=localhost&alpn=http/1.1'"; extra=" --trust-pem $tmp/cert.pem" ;;
    tls-h2) backend="'https://127.0.0.1:$origin_port?sni=localhost&alpn=h2'"; extra=" --trust-pem $tmp/cert.pem" ;;
  esac
  local cmd=${proxy_cmd_template//@LISTEN@/$proxy_port}
  cmd=${cmd//@BACKEND@/"$backend"}$extra   # quoted: bash 5.2 would put the match in place of each &
  cmd=${cmd//@POLICY@/$2}
  bash -c "exec $cmd" > "$tmp/tether.log" 2>&1 &
  proxy_pid=$!; pids+=("$proxy_pid")
  wait_port "$proxy_port" || { tail -20 "$tmp/tether.log" >&2; return 1; }
}

# ---- the loads: each prints "rps p50ms p99ms errors" --------------------------------------------
to_ms() { # "1.23ms" | "850.00us" | "1.02s" -> milliseconds
  echo "$1" | awk '{v=$1; if (v ~ /us$/) {sub(/us$/,"",v); print v/1000} else if (v ~ /ms$/) {sub(/ms$/,"",v); print v+0} else if (v ~ /s$/) {sub(/s$/,"",v); print v*1000} else print v}'
}

load_wrk() { # port seconds [wrk options...]
  local port=$1 secs=$2; shift 2
  local out; out=$(wrk -t 1 -c 64 "$@" -d "${secs}s" --latency "http://127.0.0.1:$port/" 2>&1)
  echo "$out" > "$tmp/last-load.txt"
  local rps p50 p99 errs
  rps=$(echo "$out" | awk '/^Requests\/sec:/ {print $2}')
  p50=$(to_ms "$(echo "$out" | awk '$1=="50%" {print $2; exit}')")
  p99=$(to_ms "$(echo "$out" | awk '$1=="99%" {print $2; exit}')")
  errs=$(echo "$out" | awk '/Non-2xx/ {n+=$NF} /Socket errors/ {gsub(",",""); n+=$4+$6+$8+$10} END {print n+0}')
  echo "${rps:-0} ${p50:-0} ${p99:-0} $errs"
}

load_wrk_close() { # port seconds: one request per connection
  load_wrk "$1" "$2" -t 2 -c 100 -H "Connection: close"
}

load_h2load() { # port seconds [h2load options; default -c 16 -m 4 -t 1]
  local port=$1 secs=$2; shift 2
  [ $# -gt 0 ] || set -- -c 16 -m 4 -t 1
  local log="$tmp/h2load.log" out
  out=$(h2load "$@" -D "$secs" --log-file="$log" "http://127.0.0.1:$port/" 2>&1)
  echo "$out" > "$tmp/last-load.txt"
  local rps errs p50 p99
  rps=$(echo "$out" | awk '/^finished in/ {print $4}')
  errs=$(echo "$out" | awk '/^requests:/ {print $10}')   # "failed": not answered 2xx/3xx ("errored" and "timeout" are part of it)
  read -r p50 p99 < <(awk -F'\t' '{print $3}' "$log" | sort -n | awk '{a[NR]=$1} END {if (NR==0) {print 0, 0} else {i=int(NR*0.5); if (i<1) i=1; j=int(NR*0.99); if (j<1) j=1; print a[i]/1000, a[j]/1000}}')
  echo "${rps:-0} ${p50:-0} ${p99:-0} ${errs:-0}"
}

load_h2load_1000() { load_h2load "$1" "$2" --h1 -c 1000 -t 2; }     # 1,000 HTTP/1.1 keep-alive clients
load_h2load_200x50() { load_h2load "$1" "$2" -c 200 -m 50 -t 2; }  # 200 h2c clients x 50 streams
load_h2load_goaway() { load_h2load "$1" "$2" -c 4 -m 10 -t 1; }    # as GoawayChurnInteropTest

replays() { # the Tether proxy's replays so far (its /tether/stats), or - for HAProxy
  if [ "$1" = tether ]; then
    curl -s "http://127.0.0.1:$proxy_port/tether/stats" | grep -o '"replays": *[0-9]*' | head -1 | grep -o '[0-9]*$' || echo 0
  else
    echo -
  fi
}

# ---- one run: cold proxy, warm-up, measured load -> run_result="rps p50 p99 errors backendConns" --
# (runs in this shell, not a subshell, so that the exit trap knows every process it started)
# TLS runs add "handshakes requests": distinct $connection and lines in nginx's log during the run;
# h2c-goaway runs add "replays".
one_run() { # proxy(tether|haproxy) backend-mode load(wrk|wrk_close|h2load) policy
  local before after res lines=0
  before=$(accepts)
  case "$2" in tls-*) lines=$(wc -l < "$nginx_log" 2>/dev/null || echo 0) ;; esac
  "start_$1" "$2" "$4"
  local round
  for (( round = 0; round < warm_rounds; round++ )); do
    "load_$3" "$proxy_port" $(( warm / warm_rounds )) > /dev/null
  done
  res=$("load_$3" "$proxy_port" "$dur")
  local rep=""
  [ "$2" = h2c-goaway ] && rep=" $(replays "$1")"
  if [ "$1" = tether ]; then   # why each backend connection was opened and closed, for the record
    curl -s "http://127.0.0.1:$proxy_port/tether/stats" > "$out/tether-stats-$run_label.json" || true
  fi
  stop "$proxy_pid"
  after=$(accepts)
  run_result="$res $(( after - before - 1 ))$rep"
  case "$2" in tls-*)
    run_result+=" $(tail -n +"$(( lines + 1 ))" "$nginx_log" | sort -u | wc -l) $(tail -n +"$(( lines + 1 ))" "$nginx_log" | wc -l)" ;;
  esac
}

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

rows=()   # "scenario proxy pair rps p50 p99 errors conns [handshakes requests | replays]"

run_scenario() { # name backend-mode load policy
  echo "== $1: $pairs pairs, ${warm}s warm-up in $warm_rounds round(s) + ${dur}s measured per run" >&2
  local i r
  for i in $(seq 1 "$pairs"); do
    for proxy in haproxy tether; do   # A/B/A/B
      run_label="$1-pair$i"
      one_run "$proxy" "$2" "$3" "$4"; r=$run_result
      echo "   pair $i $proxy: rps p50ms p99ms errors backendConns [handshakes requests] = $r" >&2
      rows+=("$1 $proxy $i $r")
    done
  done
}

if [ -n "$report_dir" ]; then
  out=$report_dir
  mapfile -t rows < "$out/runs.txt"
else
stamp=$(date -u +%Y%m%dT%H%M%SZ)
out="benchmarks/results/e2e-$stamp"
[ "$quick" = 1 ] && out="${out}-quick"
mkdir -p "$out"
for mode in h1 h2c h2c-goaway tls-h1 tls-h2; do   # one origin per backend mode, for every load that uses it
  origin_up=0
  for l in $loads; do
    read -r backend load policy <<< "${spec[$l]}"
    [ "$backend" = "$mode" ] || continue
    [ "$origin_up" = 1 ] || { start_nginx "$mode"; origin_up=1; }
    run_scenario "$l" "$backend" "$load" "$policy"
  done
  [ "$origin_up" = 0 ] || stop "$nginx_pid"
done

printf '%s\n' "${rows[@]}" > "$out/runs.txt"
{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"; echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "nproc: $(nproc)"; echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "haproxy: $(haproxy -v | head -1)"; echo "nginx: $(nginx -v 2>&1)"; echo "wrk: $(wrk --version 2>&1 | head -1)"
  echo "h2load: $(h2load --version | head -1)"; echo "java: $(java -version 2>&1 | head -1)"
  echo "warm-up: ${warm}s in $warm_rounds round(s), measured: ${dur}s, pairs: $pairs, loads: $loads"
  echo "tether proxy: $proxy_cmd_template"   # the commit above is the tree's; TETHER_JAR may be another build
} > "$out/machine.txt"
fi

col() { # scenario proxy column(4=rps 5=p50 6=p99 7=errors 8=conns 9=handshakes or replays 10=requests) -> median
  printf '%s\n' "${rows[@]}" | awk -v s="$1" -v p="$2" -v c="$3" '$1==s && $2==p {print $c}' | median
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b+0 == 0) print "n/a"; else printf "%.2f", a/b}'; }

# The loads of this run, in the order they ran (a --report of an older run has fewer).
mapfile -t ran < <(printf '%s\n' "${rows[@]}" | awk '!seen[$1]++ {print $1}')
table="| load | proxy | requests/s | p50 ms | p99 ms | errors | backend conns |"$'\n'"|---|---|---:|---:|---:|---:|---:|"$'\n'
bars=""
entries=()
for s in "${ran[@]}"; do
  for p in tether haproxy; do
    table+="| $s | $p | $(col $s $p 4) | $(col $s $p 5) | $(col $s $p 6) | $(col $s $p 7) | $(col $s $p 8) |"$'\n'
  done
  rr=$(ratio "$(col $s tether 4)" "$(col $s haproxy 4)")
  pr=$(ratio "$(col $s haproxy 6)" "$(col $s tether 6)")
  tc=$(col $s tether 8); hc=$(col $s haproxy 8)
  cr=$(ratio "$(( hc > 0 ? hc : 1 ))" "$(( tc > 0 ? tc : 1 ))")
  table+="| $s | **Tether ÷ HAProxy** | **${rr}×** | | HAProxy p99 ÷ Tether p99: **${pr}×** | | HAProxy ÷ Tether: **${cr}×** |"$'\n'
  bars+="$s requests/s|$rr|1.0"$'\n'"$s p99 (HAProxy ÷ Tether)|$pr|1.0"$'\n'"$s backend conns (HAProxy ÷ Tether)|$cr|1.0"$'\n'
  handshakes=""
  case "$s" in tls-*)
    th=$(col $s tether 9); hh=$(col $s haproxy 9)
    trph=$(ratio "$(col $s tether 10)" "$(( th > 0 ? th : 1 ))"); hrph=$(ratio "$(col $s haproxy 10)" "$(( hh > 0 ? hh : 1 ))")
    table+="| $s | backend TLS handshakes, Tether / HAProxy | $th / $hh | | requests per handshake, Tether / HAProxy | | $trph / $hrph |"$'\n'
    handshakes=$(printf ', "tetherHandshakes": %s, "haproxyHandshakes": %s, "tetherRequestsPerHandshake": %s, "haproxyRequestsPerHandshake": %s' \
      "$th" "$hh" "$(echo "$trph" | sed 's/n\/a/null/')" "$(echo "$hrph" | sed 's/n\/a/null/')") ;;
    h2c-goaway)   # the proxy's replays: streams sent to a connection that did not process them
      table+="| $s | Tether replays (median per run, warm-up included) | $(col $s tether 9) | | | | |"$'\n'
      handshakes=$(printf ', "tetherReplays": %s' "$(col $s tether 9)") ;;
  esac
  entries+=("$(printf '{"name": "%s", "tetherRps": %s, "haproxyRps": %s, "rpsRatio": %s, "tetherP50Ms": %s, "tetherP99Ms": %s, "haproxyP50Ms": %s, "haproxyP99Ms": %s, "tetherBackendConns": %s, "haproxyBackendConns": %s, "tetherErrors": %s, "haproxyErrors": %s%s}' \
    "$s" "$(col $s tether 4)" "$(col $s haproxy 4)" "$(echo "$rr" | sed 's/n\/a/null/')" "$(col $s tether 5)" "$(col $s tether 6)" \
    "$(col $s haproxy 5)" "$(col $s haproxy 6)" "$tc" "$hc" "$(col $s tether 7)" "$(col $s haproxy 7)" "$handshakes")")
done
min_conns=$(( (64 + 32 - 1) / 32 ))
for s in h2c-wrk tls-h2-wrk; do
  printf '%s\n' "${ran[@]}" | grep -qx "$s" || continue
  table+=$'\n'"$s: minimum backend connections = ceil(64 concurrent requests ÷ 32 max concurrent streams) = $min_conns;"
  table+=" Tether opened $(col $s tether 8), HAProxy $(col $s haproxy 8) (medians, warm-up included)."$'\n'
done
echo "$table" > "$out/e2e.md"

# ---- the chart: Tether ÷ HAProxy, above 1 is better for Tether; black ticks are the goals --------
{
  n=$(printf '%s' "$bars" | grep -c .)
  h=$(( 70 + n * 22 + 30 ))
  echo "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1000\" height=\"$h\" font-family=\"DejaVu Sans, Arial, sans-serif\" font-size=\"12\">"
  echo "<rect width=\"1000\" height=\"$h\" fill=\"white\"/>"
  echo "<text x=\"10\" y=\"22\" font-size=\"15\" font-weight=\"bold\">Tether proxy vs HAProxy 2.6, same nginx origin (above 1: Tether better)</text>"
  printf '%s' "$bars" | awk -F'|' -v n="$n" '
    function x(r) { l = log(r) / log(2); if (l > 3) l = 3; if (l < -3) l = -3; return 660 + l / 3 * 300 }
    BEGIN { for (k = -3; k <= 3; k++) { t = 2 ^ k; printf "<line x1=\"%.1f\" y1=\"44\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\"/>\n", x(t), x(t), 56 + n * 22, (k == 0 ? "#000" : "#ddd");
                printf "<text x=\"%.1f\" y=\"40\" text-anchor=\"middle\" fill=\"#555\">%s</text>\n", x(t), (k >= 0 ? t "×" : "1/" (2 ^ -k)) } }
    { y = 52 + (NR - 1) * 22; r = $2 + 0; ok = ($2 != "n/a" && r > 0)
      printf "<text x=\"340\" y=\"%d\" text-anchor=\"end\">%s</text>\n", y + 15, $1
      if (ok) { x0 = x(1); x1 = x(r); printf "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"16\" fill=\"%s\"/>\n", (x0 < x1 ? x0 : x1), y + 3, (x1 > x0 ? x1 - x0 : x0 - x1) + 1, (r >= $3 ? "#2e8b57" : "#c0392b") }
      printf "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#000\" stroke-width=\"2\"/>\n", x($3), y + 1, x($3), y + 21
      printf "<text x=\"%.1f\" y=\"%d\" fill=\"#333\">%s×</text>\n", ((ok && x(r) > x(1)) ? x(r) : x(1)) + 4, y + 15, $2 }'
  echo "<text x=\"10\" y=\"$(( 56 + n * 22 + 22 ))\" fill=\"#555\">green: goal met; red: missed; black tick: the issue's goal (requests/s ≥ 1×, p99 ≤ HAProxy's, backend conns ≤ HAProxy's)</text>"
  echo "</svg>"
} > "$out/e2e.svg"

json="{\"loads\": [$(IFS=,; echo "${entries[*]}" | sed 's/},{/}, {/g')]}"
echo "$json" > "$out/e2e.json"
echo "$table"
echo "results: $out (runs.txt, e2e.md, e2e.svg, e2e.json, machine.txt)"
echo "$json"

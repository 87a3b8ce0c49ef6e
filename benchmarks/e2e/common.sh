# Shell functions the e2e scripts share; sourced, never run. The sourcing script sets `tmp` (a
# scratch directory) and `pids` (the processes it started) before any function below runs.

# True if the jar $1 is missing or a source file of the modules it holds is newer than it.
jar_is_stale() {
  [ ! -f "$1" ] || [ -n "$(find core/src/main http1/src/main http2/src/main examples/src/main -newer "$1" -type f -print -quit 2>/dev/null)" ]
}

# Exits with a message unless every tool named is on PATH (/usr/sbin added, where Debian puts nginx).
require_tools() {
  PATH="$PATH:/usr/sbin"
  for tool in "$@"; do
    command -v "$tool" >/dev/null 2>&1 || { echo "missing $tool" >&2; exit 1; }
  done
}

# Exits unless the warm-up's seconds ($1) and rounds ($2) are whole numbers with 1 <= rounds <= seconds.
check_warm_rounds() {
  [[ "$1" =~ ^[0-9]+$ ]] && [[ "$2" =~ ^[0-9]+$ ]] && [ "$2" -ge 1 ] && [ "$1" -ge "$2" ] ||
    { echo "--warm takes whole seconds, --warm-rounds a whole number from 1 to them" >&2; exit 2; }
}

# Sets `jar` to the proxy to measure: $TETHER_JAR (another build) as it is, else the examples jar,
# built first when missing or older than a source file.
use_jar() {
  jar=${TETHER_JAR:-examples/target/tether-examples.jar}
  if [ -z "${TETHER_JAR:-}" ] && jar_is_stale "$jar"; then
    mvn -B -q -DskipTests -pl examples -am package
  fi
}

# Stops every process in `pids`, waits for them, and removes `tmp`. Installed as the exit trap.
cleanup() {
  for p in "${pids[@]:-}"; do
    [ -n "$p" ] && kill "$p" 2>/dev/null || true
  done
  for p in "${pids[@]:-}"; do
    [ -n "$p" ] && wait "$p" 2>/dev/null || true
  done
  rm -rf "$tmp"
}

# A port below the ephemeral range (where the loads' and proxies' outgoing connections take their
# local ports, which a bind would collide with) that nothing listens on.
ephemeral_low=$(awk '{print $1}' /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768)
free_port() {
  local p
  while :; do
    p=$(( 10000 + RANDOM % (ephemeral_low - 10000) ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
  done
}

# Waits up to 15 s for a listener on port $1.
wait_port() {
  for _ in $(seq 1 150); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "nothing listens on 127.0.0.1:$1" >&2; return 1
}

# Builds benchmarks/e2e/accept4-shim.c into $tmp and sets `proxy_preload`, which start_h1_proxy then
# preloads into the Tether proxy: its JVM accepts as accept4(SOCK_NONBLOCK) does (see the file).
build_accept4_shim() {
  require_tools gcc
  gcc -O2 -shared -fPIC -o "$tmp/libaccept4shim.so" benchmarks/e2e/accept4-shim.c -ldl
  proxy_preload=$tmp/libaccept4shim.so
}

# Starts nginx (1 worker, `return 200` for every request, keep-alive without limit) on a free port;
# sets `origin`. Its files live under $tmp/nginx.
start_h1_origin() {
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
}

# Starts Tether's example proxy (the jar `jar`, JVM flags TETHER_PROXY_JAVA_OPTS) or HAProxy (nbthread =
# cores) on port $2 in front of `origin` under policy $3, set up as compare-haproxy.sh sets them up;
# sets `proxy_pid` and waits for the port.
start_h1_proxy() { # tether|haproxy port policy
  if [ "$1" = tether ]; then
    # shellcheck disable=SC2086 # the options are words
    env ${proxy_preload:+LD_PRELOAD=$proxy_preload} java ${TETHER_PROXY_JAVA_OPTS:--Xms256m -Xmx512m} -jar "$jar" proxy --listen "127.0.0.1:$2" \
      --backend "h1://127.0.0.1:$origin" --policy "$3" --purge-delay-ms 5000 --max-idle-per-session 5 \
      --connect-timeout-ms 5000 > "$tmp/tether.log" 2>&1 &
  else
    printf '%s\n' global '  maxconn 4096' "  nbthread $(nproc)" defaults '  mode http' '  timeout connect 5s' \
      '  timeout client 60s' '  timeout server 60s' '  timeout http-keep-alive 60s' "  http-reuse $3" \
      'frontend fe' "  bind 127.0.0.1:$2" '  default_backend be' 'backend be' \
      "  server origin 127.0.0.1:$origin pool-purge-delay 5s" > "$tmp/haproxy.cfg"
    haproxy -db -f "$tmp/haproxy.cfg" > "$tmp/haproxy.log" 2>&1 &
  fi
  proxy_pid=$!; pids+=("$proxy_pid")
  wait_port "$2"
}

# shellcheck shell=bash
# Shared helpers for the environment scripts. Sourced, not run.
log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# Debian mirrors come from this machine's apt configuration, never from the repository.
debian_mirror() { apt_uri_for_suite_matching '^[a-z]+( |$)' | head -n 1; }
debian_security_mirror() { apt_uri_for_suite_matching '-security' | head -n 1; }
apt_uri_for_suite_matching() {
  local pattern=$1 f uri suites
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    # deb822 stanzas are separated by blank lines
    awk -v RS= '{print}' ORS='\n\0' "$f" | while IFS= read -r -d '' stanza; do
      uri=$(printf '%s\n' "$stanza" | awk '/^URIs:/{print $2; exit}')
      suites=$(printf '%s\n' "$stanza" | awk '/^Suites:/{sub(/^Suites: */,""); print; exit}')
      if printf '%s\n' "$suites" | grep -Eq -- "$pattern"; then echo "$uri"; fi
    done
  done | head -n 1
  if [ -f /etc/apt/sources.list ]; then
    awk '/^deb /{print $2, $3}' /etc/apt/sources.list | while read -r uri suite; do
      if printf '%s\n' "$suite" | grep -Eq -- "$pattern"; then echo "$uri"; fi
    done | head -n 1
  fi
}

# A Java process of ours in the background, its log and pid under PGADDON_HOME:
#   java_process start NAME JAR READY_PATTERN | java_process stop NAME | java_process running NAME
java_process() {
  local action=$1 name=$2 home=${PGADDON_HOME:-$HOME/.pgaddon}
  local pidfile=$home/$name.pid log=$home/$name.log
  mkdir -p "$home"
  running() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }
  case "$action" in
    start)
      local jar=$3 ready=$4
      if running; then log "$name already running (pid $(cat "$pidfile"))"; return 0; fi
      : > "$log"
      nohup java -jar "$jar" >>"$log" 2>&1 &
      echo $! > "$pidfile"
      for _ in $(seq 1 60); do
        grep -q "$ready" "$log" && { log "$(grep -m1 "$ready" "$log" | sed 's/^.* - //')"; return 0; }
        running || { cat "$log" >&2; log "$name exited"; return 1; }
        sleep 1
      done
      log "$name did not report ready within 60 s; see $log"; return 1 ;;
    running) running ;;
    stop)
      if running; then
        kill "$(cat "$pidfile")"
        while running; do sleep 0.2; done
        log "$name stopped"
      fi
      rm -f "$pidfile" ;;
  esac
}

# The stack a test of the front doors needs (Temporal, worker, API). STARTED lists what this
# started; stop_started stops those only.
stack_start() {
  scripts/temporal.sh start
  STARTED=()
  local p
  for p in worker api; do
    if ! java_process running "$p"; then
      "scripts/$p.sh" start
      STARTED+=("$p")
    fi
  done
}
# What a browser test needs besides the stack: Node and npm, Debian's Chromium, playwright-core.
browser_test_prepare() {
  command -v node >/dev/null && command -v npm >/dev/null \
    || { log "browser tests need Node.js and npm (playwright-core drives Chromium)"; return 1; }
  command -v chromium >/dev/null || { apt-get update -qq; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
  (cd ui-test && npm ci --no-audit --no-fund --silent)
  stack_start
}
stop_started() { local p; for p in "${STARTED[@]}"; do "scripts/$p.sh" stop; done; }

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

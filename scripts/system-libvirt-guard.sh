#!/usr/bin/env bash
# Proves a test run left the machine's own libvirtd alone (README command 2 runs every test
# against a private daemon: scripts/private-libvirt.sh).
#
#   bash scripts/system-libvirt-guard.sh before   # marker pool + daemon PID recorded
#   ...                                           # the whole test run
#   bash scripts/system-libvirt-guard.sh after    # both unchanged, or exit 1
#
# "before" defines a transient marker pool (files under the data dir) in the machine's
# daemon and records its XML, its volume list and the PID serving /run/libvirt/libvirt-sock.
# On a machine with no libvirtd (a fresh CI box) it starts one first, so the check is real,
# and "after" stops that one again, by the PID it started.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_root
GUARD_DIR="$POOLWATCH_DATA/system-libvirt-guard"
V=(virsh -q -c qemu:///system)
SOCKET=/run/libvirt/libvirt-sock

daemon_pid() { # the process listening on the system socket: found by what it serves, not by name
  ss -xlpn | awk -v s="$SOCKET" '$5 == s { print }' | sed -n 's/.*pid=\([0-9]*\).*/\1/p' | head -n 1
}

snapshot() { # what must not change
  printf 'pid %s\n' "$(daemon_pid)"
  "${V[@]}" pool-dumpxml -- "$(cat "$GUARD_DIR/name")"
  "${V[@]}" vol-list --details -- "$(cat "$GUARD_DIR/name")"
}

case "${1:-}" in
  before)
    rm -rf "$GUARD_DIR"
    mkdir -p "$GUARD_DIR"
    if ! "${V[@]}" uri >/dev/null 2>&1; then
      POOLWATCH_LIBVIRTD_PIDFILE="$GUARD_DIR/started-libvirtd.pid" bash "$REPO_ROOT/scripts/services.sh" --libvirtd-only
    fi
    # A run that was killed leaves its marker behind, and libvirtd keeps running transient
    # pools across its own restarts: remove ours, known by their target under this data dir.
    "${V[@]}" pool-list --name | while read -r old; do
      [ -n "$old" ] || continue
      target=$("${V[@]}" pool-dumpxml -- "$old" | sed -n 's:.*<path>\(.*\)</path>.*:\1:p' | head -n 1)
      case "$target" in "$GUARD_DIR"/*) "${V[@]}" pool-destroy -- "$old" >/dev/null ;; esac
    done
    name="poolwatch-marker-$(date +%s)-$$"
    printf '%s' "$name" > "$GUARD_DIR/name"
    mkdir -p "$GUARD_DIR/$name"
    "${V[@]}" pool-create-as --name "$name" --type dir --target "$GUARD_DIR/$name" >/dev/null
    "${V[@]}" vol-create-as --pool "$name" --name marker.raw --capacity 1M --allocation 0 --format raw >/dev/null
    snapshot > "$GUARD_DIR/before"
    log "system libvirtd (pid $(daemon_pid)) holds marker pool $name: the test run must leave both alone"
    ;;
  after)
    name="$(cat "$GUARD_DIR/name")"
    verdict=0
    if ! snapshot > "$GUARD_DIR/after" 2>&1 || ! diff -u "$GUARD_DIR/before" "$GUARD_DIR/after"; then
      log "FAIL: the machine's own libvirtd or its marker pool $name changed during the test run"
      verdict=1
    else
      log "system libvirtd unchanged: same PID, marker pool $name as before"
    fi
    # Pass or fail, take back what the guard itself put there: its marker, and a daemon it
    # started (a failed run must not leave a libvirtd behind for the next one to find).
    "${V[@]}" pool-destroy -- "$name" >/dev/null 2>&1 || true
    if [ -f "$GUARD_DIR/started-libvirtd.pid" ]; then
      stop_pid "$(cat "$GUARD_DIR/started-libvirtd.pid")"
    fi
    [ "$verdict" = 0 ] && rm -rf "$GUARD_DIR"
    exit "$verdict"
    ;;
  *) log "usage: $0 before|after"; exit 2 ;;
esac

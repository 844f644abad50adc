#!/usr/bin/env bash
# Runs a command beside a private libvirtd and sshd of its own, never the machine's:
#
#   bash scripts/private-libvirt.sh pnpm test:integration
#
# A private mount namespace (field notes, "A private libvirtd beside the machine's own")
# gives the daemon its own /run (sockets, pid file), /var/lib/libvirt, /var/log/libvirt,
# /var/cache/libvirt and /etc/libvirt, all folders under $POOLWATCH_DATA/private-libvirt.
# Inside it `virsh -c qemu:///system` and the sandbox sshd's sessions see only this
# daemon; the machine's own libvirtd keeps running, untouched, and sees none of it.
# Both daemons are stopped at exit by the PIDs this script started, never by name.
# The network namespace is shared: POOLWATCH_SANDBOX_SSH_PORT picks the sshd port.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_root
PRIVATE_DIR="$POOLWATCH_DATA/private-libvirt"

if [ "${POOLWATCH_PRIVATE_LIBVIRT:-}" != inside ]; then
  [ "$#" -gt 0 ] || { log "usage: $0 COMMAND [ARG...]"; exit 2; }
  rm -rf "$PRIVATE_DIR"
  # Mount points for the binds below (a bare machine may not have them yet).
  mkdir -p /var/lib/libvirt /var/log/libvirt /var/cache/libvirt /etc/libvirt
  mkdir -p "$PRIVATE_DIR"/{lib,log,cache,etc}
  # Only the daemon's settings: the machine's pool and domain definitions (storage/,
  # qemu/ under /etc/libvirt) must not appear in, or be autostarted by, the private daemon.
  find /etc/libvirt -maxdepth 1 -type f -exec cp -p {} "$PRIVATE_DIR/etc/" \;
  POOLWATCH_PRIVATE_LIBVIRT=inside exec unshare --mount --propagation private \
    bash "${BASH_SOURCE[0]}" "$@"
fi

mount -t tmpfs -o mode=0755 poolwatch-run /run
mount --bind "$PRIVATE_DIR/lib" /var/lib/libvirt
mount --bind "$PRIVATE_DIR/log" /var/log/libvirt
mount --bind "$PRIVATE_DIR/cache" /var/cache/libvirt
mount --bind "$PRIVATE_DIR/etc" /etc/libvirt
mkdir -p /run/libvirt /run/sshd /run/lock

# Tests that restart the daemon (as a package upgrade would) find it by this file.
export POOLWATCH_TEST_LIBVIRTD_PIDFILE=/run/poolwatch-private-libvirtd.pid
export POOLWATCH_PRIVATE_LIBVIRT=inside

stop_daemons() {
  local f
  for f in "$SANDBOX_DIR/sshd.pid" "$POOLWATCH_TEST_LIBVIRTD_PIDFILE"; do
    [ -f "$f" ] || continue
    stop_pid "$(cat "$f")"
  done
}
trap stop_daemons EXIT

# services.sh starts libvirtd only when none answers: in here none does, so it starts ours.
POOLWATCH_LIBVIRTD_PIDFILE="$POOLWATCH_TEST_LIBVIRTD_PIDFILE" bash "$REPO_ROOT/scripts/services.sh"
log "private libvirtd (pid $(cat "$POOLWATCH_TEST_LIBVIRTD_PIDFILE")) and sshd on 127.0.0.1:$POOLWATCH_SANDBOX_SSH_PORT, state in $PRIVATE_DIR"
"$@"

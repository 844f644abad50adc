#!/usr/bin/env bash
# README command 1: set up everything on a fresh Debian 12 machine and run the dashboard.
# With no POOLWATCH_HOSTS / POOLWATCH_CONFIG it runs against the local sandbox (libvirtd
# behind a loopback sshd, demo pools under the data dir). The sandbox uses the machine's
# libvirtd, starting it only when none answers: it never restarts or stops it.
#
# Stop: Ctrl-C, or SIGTERM to this script's PID. The script ends by exec'ing the BFF's node
# process, so that PID is the BFF itself, and the BFF's virsh/ssh children are tied to it
# (setpriv --pdeathsig): they go with it. The sandbox sshd keeps running (README).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bash "$REPO_ROOT/scripts/setup.sh"
if [ -z "${POOLWATCH_HOSTS:-}" ] && [ -z "${POOLWATCH_CONFIG:-}" ]; then
  bash "$REPO_ROOT/scripts/services.sh"
  bash "$REPO_ROOT/scripts/sandbox-pools.sh"
fi
cd "$REPO_ROOT" || exit

BIND="${POOLWATCH_BIND:-127.0.0.1}"
HTTP_PORT="${PORT:-8080}"
PROBE_HOST="$BIND"
[ "$BIND" != 0.0.0.0 ] || PROBE_HOST=127.0.0.1
URL="http://$BIND:$HTTP_PORT/"
# The BFF writes a generated first-admin password here (mode 0600) on its first start.
PASSWORD_FILE="$POOLWATCH_DATA/initial-admin-password"
FIRST_START=no
[ -f "$POOLWATCH_DATA/auth.sqlite" ] || FIRST_START=yes

# Plain lines once the BFF answers, after its own start-up log: where to go, who to be.
announce() {
  local bff_pid="$1" deadline=$((SECONDS + 120))
  # node's fetch, not curl: node is the one HTTP client every Poolwatch machine has.
  until node -e 'fetch(process.argv[1], { signal: AbortSignal.timeout(2000) })
      .then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' \
      "http://$PROBE_HOST:$HTTP_PORT/api/health" 2>/dev/null; do
    kill -0 "$bff_pid" 2>/dev/null || return 0 # the BFF is gone: nothing to announce
    [ "$SECONDS" -lt "$deadline" ] || { log "the BFF did not answer on $URL within 120 s"; return 0; }
    sleep 0.5
  done
  echo
  echo "Poolwatch is running: $URL"
  echo "user: admin"
  if [ -f "$PASSWORD_FILE" ]; then
    echo "first-admin password: in $PASSWORD_FILE (cat it as root)"
  elif [ "$FIRST_START" = yes ] && [ -n "${POOLWATCH_ADMIN_PASSWORD:-}" ]; then
    echo "first-admin password: the value of POOLWATCH_ADMIN_PASSWORD"
  elif [ "$FIRST_START" = yes ]; then
    echo "first-admin password: generated, in the BFF's log above"
  else
    echo "password: the one set earlier (change it: pnpm users -- passwd admin)"
  fi
  echo "manage users: pnpm users -- add|list|remove|passwd (see README)"
  echo "stop: Ctrl-C (the sandbox sshd: kill \$(cat $SANDBOX_DIR/sshd.pid))"
}

# The announcer is detached (a grandchild, reparented to init) so that nothing of this
# script stays a child of the BFF after the exec below.
(announce "$$" &)
exec node "$REPO_ROOT/apps/bff/dist/main.js"

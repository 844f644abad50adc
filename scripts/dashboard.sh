#!/usr/bin/env bash
# README command 1: set up everything on a fresh Debian 12 machine and run the dashboard.
# With no POOLWATCH_HOSTS / POOLWATCH_CONFIG it runs against the local sandbox (libvirtd
# behind a loopback sshd, demo pools under the data dir).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bash "$REPO_ROOT/scripts/setup.sh"
if [ -z "${POOLWATCH_HOSTS:-}" ] && [ -z "${POOLWATCH_CONFIG:-}" ]; then
  bash "$REPO_ROOT/scripts/services.sh"
  bash "$REPO_ROOT/scripts/sandbox-pools.sh"
fi
cd "$REPO_ROOT"
log "dashboard on http://${POOLWATCH_BIND:-127.0.0.1}:${PORT:-8080} (sign in at /signin)"
if [ ! -f "${POOLWATCH_DATA:-$REPO_ROOT/.poolwatch}/auth.sqlite" ]; then
  if [ -n "${POOLWATCH_ADMIN_PASSWORD:-}" ]; then
    log "first start: user 'admin' gets the password in POOLWATCH_ADMIN_PASSWORD"
  else
    log "first start: user 'admin' gets a generated password, printed once in the log below"
  fi
fi
log "manage users: pnpm users -- add|list|remove|passwd (see README)"
exec pnpm start

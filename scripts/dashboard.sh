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
log "dashboard on http://${POOLWATCH_BIND:-127.0.0.1}:${PORT:-8080}"
exec pnpm start

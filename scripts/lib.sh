# shellcheck shell=bash
# Shared helpers for the set-up scripts. Sourced, never run.
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export POOLWATCH_DATA="${POOLWATCH_DATA:-$REPO_ROOT/.poolwatch}"
export POOLWATCH_SANDBOX_SSH_PORT="${POOLWATCH_SANDBOX_SSH_PORT:-2222}"
# shellcheck disable=SC2034 # used by the scripts that source this file
SANDBOX_DIR="$POOLWATCH_DATA/sandbox"

log() { printf '\033[1m[poolwatch]\033[0m %s\n' "$*" >&2; }
need_root() {
  if [ "$(id -u)" != 0 ]; then
    log "this step needs root (it installs Debian packages and starts libvirtd/sshd)"; exit 1
  fi
}

# Stops a process we started, by the PID we recorded (never by name): TERM, up to 5 s to exit,
# then KILL.
stop_pid() {
  local pid=$1
  kill "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
}

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

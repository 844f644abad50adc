#!/usr/bin/env bash
# Installs everything Poolwatch needs on a fresh Debian 12 machine that has Node 20 + npm,
# then installs node modules and builds. Idempotent: a second run only checks, and skips the
# build when its sources are unchanged since the last one.
#
# Four phases (apt, pnpm, install, build), each announced with its name and closed with its
# duration. Every step's output goes to the terminal in full (nothing is cut), so the cause
# of a failure is on screen right above the line that names the failed phase.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_root

# scrub: libvirt's wipe algorithms other than zero; shellcheck: `pnpm lint` checks scripts/.
# No compiler: no dependency builds native code at install (SQLite comes as libsql's
# prebuilt binary from the npm registry).
DEB_PACKAGES=(libvirt-daemon libvirt-clients qemu-utils openssh-server openssh-client chromium scrub shellcheck)
PNPM_VERSION=9.15.9
BUILD_STAMP="$POOLWATCH_DATA/build.stamp"
SUMMARY=()

now_ms() { date +%s%3N; }
seconds() { awk -v ms="$1" 'BEGIN { printf "%.1f s", ms / 1000 }'; }

# phase NAME FUNCTION: runs FUNCTION, prints how long it took, stops the script if it failed.
phase() {
  local name="$1" start rc=0 took
  log "phase $name: started"
  start="$(now_ms)"
  "$2" || rc=$?
  took="$(seconds $(($(now_ms) - start)))"
  if [ "$rc" != 0 ]; then
    log "phase $name FAILED after $took (exit $rc): its full output is above"
    exit "$rc"
  fi
  log "phase $name: done in $took"
  SUMMARY+=("$name $took")
}

# Each phase body chains its steps with && or `|| return`: `set -e` does not apply inside a
# function called from `||`, so a failing step must stop its phase explicitly.
apt_phase() {
  local missing=() p
  for p in "${DEB_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if [ "${#missing[@]}" = 0 ]; then
    log "all ${#DEB_PACKAGES[@]} Debian packages present"
    return 0
  fi
  log "installing Debian packages: ${missing[*]}"
  apt-get update -q || return
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

pnpm_phase() {
  if command -v pnpm >/dev/null && [ "$(pnpm -v)" = "$PNPM_VERSION" ]; then
    log "pnpm $PNPM_VERSION present"
    return 0
  fi
  log "installing pnpm $PNPM_VERSION"
  npm install -g --no-fund --no-audit "pnpm@$PNPM_VERSION"
}

install_phase() {
  # Playwright drives Debian's /usr/bin/chromium: it must never download a browser.
  # No question ever waits for a key: a moved store means a reinstall, not a prompt.
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 pnpm install --frozen-lockfile --reporter=append-only \
    --config.confirm-modules-purge=false
}

# What the build reads: a change to any of these (or a missing output) means rebuild.
# Empty (so: always build) outside a git checkout, when git refuses the repo, or when a
# listed file cannot be read.
source_hash() {
  local hash
  hash="$(set -o pipefail; cd "$REPO_ROOT" && git ls-files -z --cached --others --exclude-standard -- \
    apps packages package.json pnpm-lock.yaml pnpm-workspace.yaml tsconfig.base.json |
    sort -z | xargs -0 sha256sum | sha256sum)" || return 0
  printf '%s' "${hash%% *}"
}

build_phase() {
  local hash
  hash="$(source_hash 2>/dev/null)"
  if [ -n "$hash" ] && [ -f "$BUILD_STAMP" ] && [ "$(cat "$BUILD_STAMP")" = "$hash" ] &&
    [ -f apps/bff/dist/main.js ] && [ -f apps/web/dist/index.html ] &&
    [ -f packages/shared/dist/index.js ]; then
    log "sources unchanged since the last build: not rebuilding"
    return 0
  fi
  rm -f "$BUILD_STAMP"
  pnpm build || return
  if [ -n "$hash" ]; then mkdir -p "$POOLWATCH_DATA" && printf '%s\n' "$hash" > "$BUILD_STAMP"; fi
}

cd "$REPO_ROOT" || exit
phase apt apt_phase
phase pnpm pnpm_phase
phase install install_phase
phase build build_phase
log "set-up done: $(printf '%s, ' "${SUMMARY[@]}" | sed 's/, $//')"

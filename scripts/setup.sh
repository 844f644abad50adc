#!/usr/bin/env bash
# Installs everything Poolwatch needs on a fresh Debian 12 machine that has Node 20 + npm,
# then installs node modules and builds. Idempotent: a second run only checks.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
need_root

# scrub: libvirt's wipe algorithms other than zero; shellcheck: `pnpm lint` checks scripts/; make + g++: better-sqlite3 builds its
# native addon from source here (its prebuilt download is not reachable).
DEB_PACKAGES=(libvirt-daemon libvirt-clients qemu-utils openssh-server openssh-client chromium scrub shellcheck make g++)
missing=()
for p in "${DEB_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  log "installing Debian packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

PNPM_VERSION=9.15.9
if ! command -v pnpm >/dev/null || [ "$(pnpm -v)" != "$PNPM_VERSION" ]; then
  log "installing pnpm $PNPM_VERSION"
  npm install -g --silent "pnpm@$PNPM_VERSION"
fi

cd "$REPO_ROOT"
# Playwright drives Debian's /usr/bin/chromium: it must never download a browser.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
log "installing node modules"
pnpm install --frozen-lockfile --reporter=append-only 2>&1 | tail -n 3
log "building"
pnpm build

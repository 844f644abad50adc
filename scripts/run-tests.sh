#!/usr/bin/env bash
# Every test, in order: lint, typecheck, unit, integration (real libvirtd over real sshd),
# e2e (Playwright in Debian's Chromium against the same). scripts/test-all.sh runs this
# inside scripts/private-libvirt.sh, so "the" libvirtd here is the test run's own.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO_ROOT"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
log "lint + typecheck"
pnpm lint
pnpm typecheck
log "unit tests"
pnpm test:unit
log "integration tests (real libvirtd over sshd)"
pnpm test:integration
log "e2e tests (Chromium, real libvirtd over sshd)"
pnpm test:e2e

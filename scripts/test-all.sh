#!/usr/bin/env bash
# README command 2: set up everything and run every test: unit, integration (real libvirtd
# over real sshd), e2e (Playwright in Debian's Chromium against the same).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bash "$REPO_ROOT/scripts/setup.sh"
bash "$REPO_ROOT/scripts/services.sh"
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
log "all tests passed"

#!/usr/bin/env bash
# README command 2: set up everything and run every test: unit, integration (real libvirtd
# over real sshd), e2e (Playwright in Debian's Chromium against the same).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
bash "$REPO_ROOT/scripts/setup.sh"
cd "$REPO_ROOT"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
# Every libvirt-facing test runs against a private libvirtd and sshd of its own; the
# machine's daemon is checked, not used: a marker pool and its PID must be unchanged after.
bash scripts/system-libvirt-guard.sh before
rc=0
bash scripts/private-libvirt.sh bash scripts/run-tests.sh || rc=$?
bash scripts/system-libvirt-guard.sh after || rc=1
[ "$rc" = 0 ] || { log "tests failed (exit $rc)"; exit "$rc"; }
log "all tests passed"

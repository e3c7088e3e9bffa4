#!/bin/sh
# campaign-audit migration plan (as of 2026-11-27; report generated <generated>).
# JWT phase: hard stop 2026-03-01 passed: JWT keys no longer work.
# DRY RUN by default: prints, host by host, where it connects and each command it would run.
#   ./plan.sh --execute [--yes]   runs them, one host at a time (asks first unless --yes):
#   back up config-<instance>.xml (cp -p, timestamped), setimsoauth (the secret on stdin),
#   reload and restart, re-read the file; the first failure stops and prints the rollback.
# Each host is reached as the scan reached it (address, port, user, jump hosts, keys,
# known_hosts checked strictly, sudo user). CAMPAIGN_AUDIT_SSH replaces `ssh` and may hold
# options, e.g. "ssh -o ConnectTimeout=10". A host with no recorded route is left to you.
# Secrets are never in this file: export the CAMPAIGN_OAUTH_SECRET_* variables named below.
# Upgrades, the rescan and the cleanup are manual steps (see the Markdown plan, docs/plan.md).
set -eu
set -f
EXECUTE=0
YES=0
for arg in "$@"; do
  case $arg in
    --execute) EXECUTE=1 ;;
    --yes) YES=1 ;;
    *) echo "usage: $0 [--execute [--yes]]" >&2; exit 2 ;;
  esac
done
SSH=${CAMPAIGN_AUDIT_SSH:-ssh}
# The backups of this run are named with this time (UTC); the rollback restores them.
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
HOST=''
ROLLBACK=''

note() { printf '%s\n' "$*"; }

# fail MESSAGE: stops at the first failure; prints the rollback of the host in progress.
fail() {
  printf 'campaign-audit plan: %s\n' "$1" >&2
  if [ -n "$ROLLBACK" ]; then
    printf 'campaign-audit plan: stopped. To roll back %s, run there as for its steps:\n  %s\n' "$HOST" "$ROLLBACK" >&2
  else
    printf 'campaign-audit plan: stopped before %s was changed.\n' "$HOST" >&2
  fi
  exit 1
}

# host NAME ROUTE: the host whose steps follow, and where it is reached.
host() {
  HOST=$1
  ROLLBACK=''
  if [ "$EXECUTE" -eq 1 ]; then printf '== %s (%s)\n' "$1" "$2"; else printf '[dry-run] == %s (%s)\n' "$1" "$2"; fi
}

# step ROUTE TEXT REMOTE [SECRET_VARIABLE]: prints TEXT, then runs REMOTE over the host's
# route with the run's STAMP; stdin is the secret (read by the remote shell) or nothing.
step() {
  if [ "$EXECUTE" -eq 0 ]; then printf '[dry-run] %s: %s\n' "$HOST" "$2"; return 0; fi
  printf '[%s] %s\n' "$HOST" "$2"
  if [ $# -ge 4 ]; then
    eval "secret=\${$4:-}"
    printf '%s\n' "$secret" | "$1" "$3" "$STAMP" || fail "$HOST: failed: $2"
  else
    "$1" "$3" "$STAMP" </dev/null || fail "$HOST: failed: $2"
  fi
}

# check ROUTE TEXT REMOTE MESSAGE: like step; a failure stops with MESSAGE.
check() {
  if [ "$EXECUTE" -eq 0 ]; then printf '[dry-run] %s: %s\n' "$HOST" "$2"; return 0; fi
  printf '[%s] %s\n' "$HOST" "$2"
  "$1" "$3" "$STAMP" </dev/null || fail "$HOST: $4"
}

if [ "$EXECUTE" -eq 1 ]; then
  if [ "$YES" -eq 0 ] && [ 0 -gt 0 ]; then
    printf 'This runs setimsoauth, reload and restarts on %s host(s), one at a time. Type yes to go on: ' 0 >&2
    read -r answer || answer=''
    if [ "$answer" != yes ]; then echo "campaign-audit plan: not confirmed; nothing was run" >&2; exit 1; fi
  fi
fi
if [ "$EXECUTE" -eq 0 ]; then note '[dry-run] nothing is run here; ./plan.sh --execute runs the host steps below'; fi

# ---- instance cloud: out-of-scope
note 'instance cloud: nothing to run (out-of-scope)'

# ---- instance crm: migrated
note 'instance crm: nothing to run (migrated)'

# ---- instance demo: unreadable
note 'instance demo: nothing to run (unreadable)'

# ---- instance exec: in-progress
note 'instance exec: nothing to run (in-progress)'

# ---- instance gs: not-started
note 'instance gs: client secret from $CAMPAIGN_OAUTH_SECRET_GS'
note 'gs-legacy-1: upgrade to 7.4.1 or later first (setimsoauth needs it); skipped'

# ---- instance lab: unreadable
note 'instance lab: nothing to run (unreadable)'

# ---- instance mid_emea: not-started
note 'instance mid_emea: client secret from $CAMPAIGN_OAUTH_SECRET_MID_EMEA'
note 'mid-emea-1: the report does not say how to reach it (scanned with --dir, --local or from evidence, or by an older version); skipped, run its steps by hand'

# ---- instance mkt_legacy: not-started
note 'instance mkt_legacy: fill in 7D1B2C3E5F6A7B8C9D0E1F2A@AdobeOrg/cid5a0e1d2c3b4a59687766554433221100/<TECHNICAL_ACCOUNT_ID> in this script before --execute'
note 'instance mkt_legacy: client secret from $CAMPAIGN_OAUTH_SECRET_MKT_LEGACY'
note 'mkt-legacy-20x: upgrade to 7.4.1 or later first (setimsoauth needs it); skipped'

# ---- instance mkt_open: migrated
note 'instance mkt_open: nothing to run (migrated)'

# ---- instance prod: in-progress
note 'instance prod: client secret from $CAMPAIGN_OAUTH_SECRET_PROD'
note 'mkt-prod-1: upgrade to 7.4.1 or later first (setimsoauth needs it); skipped'

# ---- instance rt_emea: in-progress
note 'instance rt_emea: nothing to run (in-progress)'

# ---- instance sandbox: no-technical-account
note 'instance sandbox: nothing to run (no-technical-account)'

# ---- instance shop: migrated
note 'instance shop: nothing to run (migrated)'

# ---- instance stage: in-progress
note 'instance stage: nothing to run (in-progress)'

# ---- instance staging: migrated
note 'instance staging: nothing to run (migrated)'

note "Then verify (rescan with campaign-audit, diff) and clean up as the Markdown plan says."

#!/bin/sh
# campaign-audit migration plan (as of 2026-11-27; report generated <generated>).
# JWT phase: hard stop 2026-03-01 passed: JWT keys no longer work.
# DRY RUN unless called with --execute: it then runs the set-oauth and reload steps over ssh.
# Each host is reached as `ssh <address>`: give it User neolane in ~/.ssh/config, or set
# CAMPAIGN_AUDIT_BECOME=neolane to wrap remote commands in `sudo -n -u neolane`.
# Secrets are never in this file: export the CAMPAIGN_OAUTH_SECRET_* variables named below.
# Upgrades and cleanup are manual steps: the script only prints them.
set -eu
EXECUTE=0
if [ "${1:-}" = --execute ]; then EXECUTE=1; fi
SSH=${CAMPAIGN_AUDIT_SSH:-ssh}
BECOME=${CAMPAIGN_AUDIT_BECOME:-}

# remote HOST COMMAND: the command is fixed text from this plan; stdin is passed through.
remote() {
  if [ -n "$BECOME" ]; then
    "$SSH" -- "$1" "sudo -n -H -u $BECOME sh -c '. ~/nl6/env.sh && $2'"
  else
    "$SSH" -- "$1" ". ~/nl6/env.sh && $2"
  fi
}

# set_oauth HOST INSTANCE IDS VARIABLE: the secret is read on the remote side from stdin.
set_oauth() {
  eval "secret=\${$4:-}"
  if [ "$EXECUTE" -eq 0 ]; then
    printf '[dry-run] %s: nlserver config -instance:%s -setimsoauth:%s/$%s\n' "$1" "$2" "$3" "$4"
    return 0
  fi
  if [ -z "$secret" ]; then echo "campaign-audit plan: $4 is not set; export the OAuth client secret first" >&2; exit 2; fi
  printf '%s\n' "$secret" | remote "$1" "IFS= read -r s && nlserver config -instance:$2 \"-setimsoauth:$3/\$s\""
}

# run HOST COMMAND
run() {
  if [ "$EXECUTE" -eq 0 ]; then printf '[dry-run] %s: %s\n' "$1" "$2"; return 0; fi
  remote "$1" "$2" </dev/null
}

note() { printf '%s\n' "$*"; }

# ---- instance cloud: out-of-scope
note 'instance cloud: nothing to run (out-of-scope)'

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
set_oauth 'mid-emea-1' 'mid_emea' '7D1B2C3E5F6A7B8C9D0E1F2A@AdobeOrg/cid2afdb67137cf3d40d1d427f6a1ec61bf/DFF4F0AE2BE4B3EE5227B3C8@techacct.adobe.com' CAMPAIGN_OAUTH_SECRET_MID_EMEA
run 'mid-emea-1' 'nlserver config -reload'
run 'mid-emea-1' 'nlserver restart wfserver@mid_emea'
run 'mid-emea-1' 'nlserver restart web@default'

# ---- instance mkt_legacy: not-started
note 'instance mkt_legacy: fill in 7D1B2C3E5F6A7B8C9D0E1F2A@AdobeOrg/cid5a0e1d2c3b4a59687766554433221100/<TECHNICAL_ACCOUNT_ID> in this script before --execute'
note 'instance mkt_legacy: client secret from $CAMPAIGN_OAUTH_SECRET_MKT_LEGACY'
note 'mkt-legacy-20x: upgrade to 7.4.1 or later first (setimsoauth needs it); skipped'

# ---- instance prod: in-progress
note 'instance prod: client secret from $CAMPAIGN_OAUTH_SECRET_PROD'
note 'mkt-prod-1: upgrade to 7.4.1 or later first (setimsoauth needs it); skipped'

# ---- instance rt_emea: in-progress
note 'instance rt_emea: nothing to run (in-progress)'

# ---- instance sandbox: no-technical-account
note 'instance sandbox: nothing to run (no-technical-account)'

# ---- instance stage: in-progress
note 'instance stage: nothing to run (in-progress)'

note "Then verify (rescan with campaign-audit) and clean up as the Markdown plan says."

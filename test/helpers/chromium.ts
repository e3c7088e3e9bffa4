// Headless Debian Chromium driven by playwright-core (no browser download). The flags are the
// ones this closed network needs (no background networking, no component updates).
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function chromiumSkipReason(): string | false {
  if (existsSync(CHROMIUM)) return false;
  if (process.env.CAMPAIGN_AUDIT_REQUIRE_CHROMIUM === '1') throw new Error(`${CHROMIUM} is missing but CAMPAIGN_AUDIT_REQUIRE_CHROMIUM=1`);
  return `${CHROMIUM} not installed (apt-get install chromium)`;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

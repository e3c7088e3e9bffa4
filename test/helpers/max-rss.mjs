// Test-only preload: `node --import test/helpers/max-rss.mjs bin/campaign-audit.js …` writes the
// process's peak resident set size (KiB) to the file named by CAMPAIGN_AUDIT_MAX_RSS_FILE when it
// exits. Nothing in src/ knows about it.
//
// On Linux the peak is VmHWM from /proc/self/status: the high-water mark of this process's own
// memory since its exec. getrusage's maxRSS is not: Linux carries the peak of the memory the
// process replaced at exec into it, and libuv spawns children from the test runner's own memory,
// so a child of a runner grown to 179 MiB reported at least 179 MiB whatever it used.
import { readFileSync, writeFileSync } from 'node:fs';

function peakKib() {
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match) return Number(match[1]);
  } catch {
    // not Linux: fall back to getrusage
  }
  return process.resourceUsage().maxRSS;
}

const file = process.env.CAMPAIGN_AUDIT_MAX_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(peakKib())));

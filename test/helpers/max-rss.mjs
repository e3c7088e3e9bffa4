// Test-only preload: `node --import test/helpers/max-rss.mjs bin/campaign-audit.js …` writes the
// process's peak resident set size (KiB, process.resourceUsage().maxRSS) to the file named by
// CAMPAIGN_AUDIT_MAX_RSS_FILE when it exits. Nothing in src/ knows about it.
import { writeFileSync } from 'node:fs';

const file = process.env.CAMPAIGN_AUDIT_MAX_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS)));

// Reads the Campaign version and build from `nlserver pdump` output
// (docs/campaign.md#version-banner). The line naming the application server may follow log lines.
// Published variants:
//   12:17:21 > Application server for Adobe Campaign Classic (7.3.5 23.12 build 9368@a1b2c3d) of 05/12/2023
//   Application server for Adobe Campaign Classic (20.2.3 build 9182) of 11/09/2020
//   Application server for Adobe Campaign Version 6.1 (build 8705) of 01/01/2017
//   Application Server for Adobe Campaign version 7.2 (build 9349) dated 01/03/2022      (Windows)
//   Application server for Adobe Campaign Classic (build 9032@554dbcd) of 07/09/2021    (Gold Standard)
// and as real servers print them (same page):
//   15:16:55 >   Application server for Adobe Campaign Classic (7.3.4 build 9364@8f3ef8e of 09/04/2023)
//   14:20:41 >   Application server for Adobe Campaign (6.1.1 build 8864) of 03/02/2018
//   13:31:32 >   Application server for Adobe Campaign v7 (7.0 build XXXX) of XX/XX/20XX (build redacted)
// Only a printed build number is a build: real v7 builds 8864 and 8886 print "6.1.1", and an
// Adobe-hosted server prints "7.0", so a version string is never mapped to a build.
// v7 and v8 share the 9xxx build space, so the product comes from the version prefix only
// (docs/campaign.md#version-banner): "8." is Campaign v8, anything else Campaign Classic v7 (or an
// older Classic).
import { lookupBuild, type BuildTable } from '../data/builds.js';
import type { VersionInfo } from '../model.js';

const SERVER_LINE = /Application\s+server\s+for\s+(?:Adobe\s+Campaign|Neolane)\b/i;
const BUILD = /\bbuild\s+(\d{3,6})(?:@([0-9a-f]{6,40}))?/i;
const BARE_BUILD_SHA = /\b(\d{4,6})@([0-9a-f]{6,40})\b/i;
const VERSION_WORD = /\bversion\s+v?(\d+(?:\.\d+){1,2})\b/i;
const VERSION_NUMBER = /(?<![\d.])(\d+\.\d+(?:\.\d+)?)(?![\d.])/;
const MAX_TAIL = 512;

/** Does the text hold an "Application server for Adobe Campaign" line, whatever its numbers? */
export function hasServerLine(pdump: string): boolean {
  return pdump.split(/\r?\n/).some((line) => SERVER_LINE.test(line));
}

/** `builds` names the version of a banner that prints only a build (Gold Standard: `build 9032@554dbcd`). */
export function parseVersion(pdump: string | null, builds: BuildTable): VersionInfo | null {
  if (pdump === null) return null;
  const line = pdump.split(/\r?\n/).find((candidate) => SERVER_LINE.test(candidate));
  if (line === undefined) return null;
  // Only the words after the server name matter, and a real line is under 200 characters; the
  // cap keeps the regexes below linear on junk (16 KiB of "(" took 0.4 s, blocking every scan).
  const start = line.search(SERVER_LINE);
  const tail = line.slice(start, start + MAX_TAIL);
  // The first "(…)" group, found with indexOf: /\(([^)]*)\)/ rescans the rest of the line from
  // every "(" when none closes, which is quadratic.
  const open = tail.indexOf('(');
  const close = open < 0 ? -1 : tail.indexOf(')', open + 1);
  const inParens = close < 0 ? '' : tail.slice(open + 1, close);

  const buildMatch = BUILD.exec(inParens) ?? BUILD.exec(tail) ?? BARE_BUILD_SHA.exec(inParens);
  const build = buildMatch?.[1] !== undefined ? Number.parseInt(buildMatch[1], 10) : null;
  const sha = buildMatch?.[2]?.toLowerCase() ?? null;

  // "Version X.Y (build N)" names the version outside the parentheses; otherwise it is the
  // first dotted number inside them, before the build ("7.3.5 23.12 build 9368").
  const beforeBuild = buildMatch !== null && buildMatch.input === inParens ? inParens.slice(0, buildMatch.index) : inParens;
  let version = VERSION_WORD.exec(tail)?.[1] ?? VERSION_NUMBER.exec(beforeBuild)?.[1] ?? null;

  if (version === null && build !== null) version = lookupBuild(build, sha, builds)?.version ?? null;
  if (version === null && build === null) return null;

  return {
    product: version?.startsWith('8.') ? 'v8' : 'v7',
    version,
    build,
    sha,
    line: line.trim().slice(0, 300),
  };
}

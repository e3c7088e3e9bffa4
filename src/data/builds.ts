// Campaign Classic v7 release table, transcribed from DOMAIN.md §5 (help/rn/using/*.md in
// AdobeDocs/campaign-classic.en @ 7a5eb433, 2026-08-19). Decisions compare build numbers,
// never versions: "20.2.3" is older than "7.4.1" (DOMAIN.md §5, "Version check rule").

export interface BuildEntry {
  version: string;
  build: number;
  /** Release date (YYYY-MM-DD) when the release notes give one. */
  date: string | null;
  /** Build SHA for Gold Standard / tagged builds (`9032@554dbcd`). */
  sha?: string;
  label?: string;
  note?: string;
}

export const BUILDS: readonly BuildEntry[] = [
  { version: '7.4.4', build: 9400, date: '2026-08-11', note: 'GA; Analytics 2.0 API' },
  { version: '7.4.3', build: 9399, date: '2026-08-03' },
  { version: '7.4.3', build: 9398, date: '2026-07-29' },
  { version: '7.4.3', build: 9397, date: '2026-06-30' },
  { version: '7.4.3', build: 9396, date: '2026-06-09' },
  { version: '7.4.3', build: 9394, date: '2026-03-31', sha: '28aaec9', note: 'console upgrade mandatory' },
  { version: '7.4.2', build: 9391, date: '2025-05-12' },
  { version: '7.4.2', build: 9390, date: '2025-04-02', note: 'AES-GCM functions; Experience Cloud external account hardened' },
  { version: '7.4.1', build: 9383, date: '2024-06-18', note: 'OAuth Server-to-Server for outbound integrations (setimsoauth)' },
  { version: '7.3.5', build: 9368, date: '2023-12-05', note: 'technical operators move to IMS technical accounts' },
  { version: '7.3.4', build: 9364, date: '2023-09-07' },
  { version: '7.3.3', build: 9359, date: '2023-03-20' },
  { version: '7.3.2', build: 9356, date: '2022-11-21' },
  { version: '7.3.1', build: 9352, date: '2022-07-01' },
  { version: '7.2.2', build: 9349, date: '2022-03-01', note: 'new deliverability server (IMS technical account)' },
  { version: '7.2.1', build: 9346, date: '2022-01-10' },
  { version: '21.1.4', build: 9343, date: '2021-10-08', label: 'v7.1' },
  { version: '21.1.4', build: 9342, date: '2021-09-07', label: 'v7.1' },
  { version: '21.1.3', build: 9330, date: '2021-06-05', note: 'new Analytics connector (IMS technical account)' },
  { version: '21.1.2', build: 9282, date: '2021-04-15' },
  { version: '21.1.1', build: 9277, date: '2021-02-22' },
  { version: '20.3.3', build: 9234, date: '2021-01-11' },
  { version: '20.3.1', build: 9228, date: '2020-10-27' },
  { version: '20.2.5', build: 9188, date: '2021-03-31' },
  { version: '20.2.4', build: 9187, date: '2020-12-22', note: 'Adobe I/O triggers' },
  { version: '20.2.3', build: 9182, date: '2020-09-11' },
  { version: '20.2.2', build: 9180, date: '2020-07-22' },
  { version: '20.2.1', build: 9178, date: '2020-06-08' },
  { version: '20.1.4', build: 9126, date: '2020-12-23' },
  { version: '20.1.3', build: 9124, date: '2020-05-06' },
  { version: '20.1.2', build: 9123, date: '2020-03-13' },
  { version: '20.1', build: 9122, date: '2020-02-17' },
  { version: '19.2.4', build: 9082, date: '2020-12-23' },
  { version: '19.2.3', build: 9081, date: '2020-02-07' },
  { version: '19.2', build: 9080, date: '2019-12-02' },
  { version: '19.1.8', build: 9039, date: '2020-12-16' },
  { version: '19.1.7', build: 9036, date: '2020-09-15' },
  { version: '19.1.6', build: 9035, date: '2019-10-03' },
  { version: '19.1.5', build: 9033, date: '2019-08-13' },
  { version: '19.1.4', build: 9032, date: '2019-08-13' },
  { version: '19.1.2', build: 9029, date: '2019-06-21' },
  { version: '19.1', build: 9026, date: '2019-05-30' },
  // Gold Standard builds share build 9032 (the 19.1.4 code line) and differ only by SHA.
  { version: '19.1.4', build: 9032, sha: 'cee805c', date: '2019-09-19', label: 'Gold Standard 2' },
  { version: '19.1.4', build: 9032, sha: 'd3b452f', date: '2020-12-22', label: 'Gold Standard 11' },
  { version: '19.1.4', build: 9032, sha: '10c2709', date: '2021-03-02', label: 'Gold Standard' },
  { version: '19.1.4', build: 9032, sha: 'd030c36', date: '2021-04-14', label: 'Gold Standard' },
  { version: '19.1.4', build: 9032, sha: '99a3894', date: '2021-08-27', label: 'Gold Standard 12' },
  { version: '19.1.4', build: 9032, sha: '554dbcd', date: '2021-09-07', label: 'Gold Standard' },
  { version: '18.10.6', build: 8985, date: '2019-07-12' },
  { version: '18.10.5', build: 8984, date: null },
  { version: '18.10.4', build: 8983, date: null },
  { version: '18.10.3', build: 8981, date: null },
  { version: '18.10.2', build: 8978, date: null },
  { version: '18.10.1', build: 8977, date: '2018-11-05' },
  { version: '18.6.2', build: 8949, date: '2018-08-22' },
  { version: '18.6.1', build: 8947, date: '2018-06-25' },
  { version: '18.4.5', build: 8937, date: '2018-11-21' },
  { version: '18.4.4', build: 8936, date: null },
  { version: '18.4.3', build: 8935, date: null },
  { version: '18.4.2', build: 8932, date: null },
  { version: '18.4.1', build: 8931, date: '2018-04-24' },
  { version: '17.2', build: 8795, date: null },
  { version: '6.1.1', build: 8705, date: null, label: 'v6.11' },
];

/** The build that introduced OAuth Server-to-Server (`setimsoauth`): 7.4.1 (DOMAIN.md §5). */
export const OAUTH_MIN_BUILD = 9383;

/** The newest build in the table: what the plan recommends upgrading to. */
export function latestBuild(): BuildEntry {
  return BUILDS.reduce((best, entry) => (entry.build > best.build ? entry : best));
}

/** The lowest build shipped for a version ("7.4.1" → 9383), or null when the table does not know it. */
export function minimumBuildFor(version: string): number | null {
  const builds = BUILDS.filter((entry) => entry.version === version).map((entry) => entry.build);
  return builds.length > 0 ? Math.min(...builds) : null;
}

/** Table entry for a build, preferring the one whose SHA matches (Gold Standard builds share 9032). */
export function lookupBuild(build: number, sha?: string | null): BuildEntry | null {
  const matches = BUILDS.filter((entry) => entry.build === build);
  if (sha) {
    const bySha = matches.find((entry) => entry.sha !== undefined && sha.startsWith(entry.sha));
    if (bySha) return bySha;
  }
  return matches.find((entry) => entry.sha === undefined) ?? matches[0] ?? null;
}

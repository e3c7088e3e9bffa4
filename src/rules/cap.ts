// A bound on one rule's findings per instance, for rules whose findings grow with a file's
// elements (a hostile or generated file of 100k open zones would give 100k findings per instance):
// past the bound, one finding counts the rest, at the severity of the worst of them, so the gate
// still sees it (docs/rules/zones/public-rights.md#what-it-checks).
import { SEVERITIES, type Severity } from '../model.js';
import type { RuleHit } from './define.js';

/** Findings listed per instance; the last place goes to the one that counts the rest. */
export const MAX_HITS_PER_INSTANCE = 100;

/** `hits` as they are, or the first MAX_HITS_PER_INSTANCE - 1 and a `more` hit whose `data.more` counts the rest. */
export function capHits<H extends Omit<RuleHit<string>, 'instance'>>(hits: H[], more: (count: number, severity: Severity) => H): H[] {
  if (hits.length <= MAX_HITS_PER_INSTANCE) return hits;
  const rest = hits.slice(MAX_HITS_PER_INSTANCE - 1);
  const worst = rest.reduce<Severity>((most, hit) => (SEVERITIES.indexOf(hit.severity ?? 'info') > SEVERITIES.indexOf(most) ? (hit.severity ?? 'info') : most), 'info');
  return [...hits.slice(0, MAX_HITS_PER_INSTANCE - 1), more(rest.length, worst)];
}

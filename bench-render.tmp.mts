import { auditSnapshots } from './test/helpers/audit.ts';
import { configXml, reportContext, snapshotOf } from './test/helpers/fixtures.ts';
import { reporters } from './src/report/index.ts';
import { buildPlan } from './src/plan/build.ts';
import { planFormats } from './src/plan/formats.ts';
import { SHIPPED_BUILDS } from './src/data/builds.ts';
const JWT = configXml({ authIMSTAPrivateKey: '@ZW5jcnlwdGVkLWtleQ==', authIMSTAClientId: 'cid', authIMSTAId: 'X@techacct.adobe.com' });
async function fleet(hosts: number, instances: number) {
  const snaps = [];
  for (let h = 0; h < hosts; h++) {
    const files: Record<string, string> = { 'serverConf.xml': configXml() };
    for (let i = 0; i < instances; i++) files[`config-h${h}i${i}.xml`] = JWT;
    snaps.push(snapshotOf({ name: `host-${h}`, files }));
  }
  return auditSnapshots(snaps);
}
const only = process.argv[2]?.split(',');
for (const [hosts, instances] of [[10, 100], [25, 200], [50, 200], [100, 200]] as const) {
  const result = await fleet(hosts, instances);
  const times: string[] = [];
  for (const [name, { render }] of Object.entries(reporters)) {
    if (only && !only.includes(name)) continue;
    const t = performance.now(); const out = render(result, reportContext(120)); times.push(`${name} ${(performance.now() - t).toFixed(0)}ms ${(out.length/1e6).toFixed(1)}MB`);
  }
  let t = performance.now(); const plan = buildPlan(result, SHIPPED_BUILDS); times.push(`plan ${(performance.now() - t).toFixed(0)}ms`);
  t = performance.now(); planFormats.markdown.render(plan); times.push(`plan-md ${(performance.now() - t).toFixed(0)}ms`);
  console.log(`${hosts}x${instances}: findings ${result.findings.length}: ${times.join(', ')}`);
}

// Plan notices: decided by buildPlan as a code and its values, worded here and only here.
// The words are those of the plan's `warnings` (Markdown and HTML print them as they are).
import { codeSpan, proseText } from '../render/code-spans.js';
import type { NoticeArgs, NoticeCode, OAuthIdKey, Plan, PlanHost, PlanNoticeOf, SkipReason } from './model.js';

/** Each ID in the words of Adobe Developer Console. */
const ID_LABEL = {
  orgId: 'IMS Org ID',
  clientId: 'client ID',
  technicalAccountId: 'technical account ID',
} as const satisfies Record<OAuthIdKey, string>;

const NOTICE_TEXT: { [C in NoticeCode]: (args: NoticeArgs[C]) => string } = {
  'ids-disagree': ({ id, values }) => `The hosts disagree on the ${ID_LABEL[id]} (${values.map(codeSpan).join(', ')}); check the Developer Console credential before running setimsoauth.`,
  'id-unsafe': ({ id }) => `The ${ID_LABEL[id]} read from the configuration holds unexpected characters; it was not copied into commands.`,
  'unsafe-instance-name': ({ instance }) => `Instance name ${codeSpan(instance)} holds characters that are unsafe in a command line; its commands are left for you to write.`,
  'unsafe-address': ({ host }) => `The address of host ${proseText(host)} holds characters that are unsafe in a command line; the sh script skips it, run its steps by hand.`,
  'unsafe-route': ({ host }) => `The route the scan took to host ${proseText(host)} (user, key or known_hosts path) holds characters that are unsafe on an ssh command line; the runners skip it, run its steps by hand.`,
  unreadable: ({ hosts }) => `The configuration of this instance could not be read on ${hosts.map(proseText).join(', ')} (see config/unreadable); fix the file and rescan before planning.`,
  'partly-unreadable': ({ hosts }) => `The configuration of this instance could not be read on ${hosts.map(proseText).join(', ')} (see config/unreadable): the steps below are planned from the other hosts, and the runners skip ${hosts.length === 1 ? 'it' : 'them'}. Fix the file and rescan before running the steps there.`,
  'credential-in-use': ({ clientId, hosts }) => `${hosts.map(proseText).join(', ')} already ${hosts.length === 1 ? 'runs' : 'run'} OAuth with client ID ${codeSpan(clientId)}: reuse that credential on the other hosts, do not create another.`,
  'credential-converted': ({ clientId, date }) => `Since ${date} Adobe has converted Service Account (JWT) credentials to OAuth Server-to-Server${clientId === null ? '' : ` (same client ID, ${codeSpan(clientId)})`}: reuse the converted credential in Developer Console, do not create another.`,
};

/** A notice with its text. */
export function planNotice<C extends NoticeCode>(code: C, args: NoticeArgs[C]): PlanNoticeOf<C> {
  const text: (args: NoticeArgs[C]) => string = NOTICE_TEXT[code];
  return { code, args, message: text(args) };
}

/** What a runner says instead of running a host's steps, for each reason buildPlan gave. */
export const SKIP_TEXT = {
  'unsafe-instance-name': (host) => `${host.name}: the instance name holds characters unsafe in a command line; skipped, run its steps by hand`,
  'unsafe-address': (host) => `${host.name}: its address holds characters unsafe in a command line; skipped, run its steps by hand`,
  'below-minimum': (host, plan) => `${host.name}: upgrade to ${plan.policy.minVersion} or later first (setimsoauth needs it); skipped`,
  unreadable: (host) => `${host.name}: its copy of the instance file could not be read; skipped, fix it and rescan`,
  'no-route': (host) => `${host.name}: the report does not say how to reach it (scanned with --dir, --local or from evidence, or by an older version); skipped, run its steps by hand`,
  'unsafe-route': (host) => `${host.name}: a user, key or known_hosts path of its route is unsafe on an ssh command line; skipped, run its steps by hand`,
  'unsafe-install-dir': (host) => `${host.name}: its install dir holds characters unsafe in a command line; skipped, run its steps by hand`,
} satisfies Record<SkipReason, (host: PlanHost, plan: Plan) => string>;

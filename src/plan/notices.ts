// Plan notices: decided by buildPlan as a code and its values, worded here and only here.
// The words are those of the plan's `warnings` (Markdown and HTML print them as they are).
import { codeSpan, proseText } from '../render/code-spans.js';
import type { NoticeArgs, NoticeCode, OAuthIdKey, PlanNoticeOf } from './model.js';

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
  unreadable: ({ hosts }) => `The configuration of this instance could not be read on ${hosts.map(proseText).join(', ')} (see config/unreadable); fix the file and rescan before planning.`,
};

/** A notice with its text. */
export function planNotice<C extends NoticeCode>(code: C, args: NoticeArgs[C]): PlanNoticeOf<C> {
  const text: (args: NoticeArgs[C]) => string = NOTICE_TEXT[code];
  return { code, args, message: text(args) };
}

// docs/security.md#3-hostile-files: a malformed file, one over 5 MiB or one holding a DOCTYPE is
// not parsed; the host is still audited from its other files.
import { ALL_PRODUCTS, defineRule } from '../define.js';
import { fileInstance } from '../locate.js';

export default defineRule({
  id: 'config/unreadable',
  meta: {
    category: 'migration',
    severity: 'high',
    summary: 'A configuration file is malformed, too large, unreadable or holds a DOCTYPE',
    products: ALL_PRODUCTS,
    requires: 'config',
    plan: 'none',
    messages: {
      unreadable: '{file} could not be read: {reason}.',
    },
    tally: { unit: 'finding', one: '{count} unreadable configuration file', other: '{count} unreadable configuration files' },
    remediation: 'Fix or restore the file (a malformed configuration file is also a risk for Campaign itself), or give the audited user read access to it, then rescan.',
  },
  check: ({ host }) =>
    host.files
      .filter((file) => file.root === null)
      .map((file) => ({
        messageId: 'unreadable' as const,
        data: { file: file.path, reason: file.error ?? 'unknown error' },
        instance: fileInstance(file.instance),
        file: file.path,
      })),
});

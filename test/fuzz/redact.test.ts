import { fuzzSuite } from '../helpers/watchdog.js';

fuzzSuite('fuzz: secret redaction (src/collect/redact.ts, snapshot.ts)', new URL('./redact.props.ts', import.meta.url));

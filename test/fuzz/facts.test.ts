import { fuzzSuite } from '../helpers/watchdog.js';

fuzzSuite('fuzz: effective configuration and credential class (src/parse/effective-config.ts, facts.ts)', new URL('./facts.props.ts', import.meta.url));

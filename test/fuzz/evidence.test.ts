import { fuzzSuite } from '../helpers/watchdog.js';

fuzzSuite('fuzz: replayed evidence (src/collect/evidence.ts)', new URL('./evidence.props.ts', import.meta.url));

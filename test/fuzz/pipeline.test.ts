import { fuzzSuite } from '../helpers/watchdog.js';

fuzzSuite('fuzz: pure pipeline end to end (toSnapshot → audit → reporters, plan)', new URL('./pipeline.props.ts', import.meta.url));

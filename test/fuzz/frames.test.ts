import { fuzzSuite } from '../helpers/watchdog.js';

fuzzSuite('fuzz: collector output framing (src/collect/frames.ts, script.ts)', new URL('./frames.props.ts', import.meta.url));

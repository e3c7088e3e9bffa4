import { fuzzSuite } from '../helpers/watchdog.js';

fuzzSuite('fuzz: nlserver version line (src/parse/version.ts)', new URL('./version.props.ts', import.meta.url));

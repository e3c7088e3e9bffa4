import { fuzzSuite } from '../helpers/watchdog.js';

fuzzSuite('fuzz: CSV cells (src/report/csv.ts)', new URL('./csv.props.ts', import.meta.url));

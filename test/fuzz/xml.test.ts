import { fuzzSuite } from '../helpers/watchdog.js';

fuzzSuite('fuzz: safe XML parsing (src/parse/xml.ts, effective-config.ts)', new URL('./xml.props.ts', import.meta.url));

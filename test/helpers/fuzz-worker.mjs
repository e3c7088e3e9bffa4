// Worker entry for test/helpers/watchdog.ts: runs one property module and reports each property.
// On Node 20 a worker started with execArgv ['--import', 'tsx'] still fails on .ts files
// (ERR_UNKNOWN_FILE_EXTENSION, checked on 20.20), so the worker registers tsx itself.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { runPropertiesInWorker } = await import('./fuzz.ts');
await runPropertiesInWorker(workerData, (event) => parentPort.postMessage(event));

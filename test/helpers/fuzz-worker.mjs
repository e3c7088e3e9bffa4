// Worker entry for test/helpers/watchdog.ts: runs property modules, one request at a time, and
// reports each property. The worker stays for the next request (a fuzz file after this one in
// the same process): registering tsx and loading src/ costs a thread over a second of CPU.
// On Node 20 a worker started with execArgv ['--import', 'tsx'] still fails on .ts files
// (ERR_UNKNOWN_FILE_EXTENSION, checked on 20.20), so the worker registers tsx itself.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { runPropertiesInWorker } = await import('./fuzz.ts');
parentPort.on('message', (request) => {
  void runPropertiesInWorker(request, (event) => parentPort.postMessage(event));
});

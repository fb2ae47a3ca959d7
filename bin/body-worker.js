// The body worker thread (BodyWorker, src/render/parallel.ts): registers the TypeScript loader,
// then converts the bodies of each `bodies` task it is sent. A plain worker, not a pool's: a task
// posted to it needs nothing more from the thread that posted it, which is busy writing pages.
import { parentPort } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { runWorkerTask } = await import('../src/render/render-task.ts');
parentPort.on('message', (task) => void runWorkerTask(task));

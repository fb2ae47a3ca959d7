// A render worker thread (piscina): registers the TypeScript loader, then renders one page or body per task.
import { register } from 'tsx/esm/api';

register();
const { runWorkerTask } = await import('../src/render/render-task.ts');
export default runWorkerTask;

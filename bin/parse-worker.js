// A parse worker thread (piscina): registers the TypeScript loader, then parses one file per task.
import { register } from 'tsx/esm/api';

register();
const { parseFile } = await import('../src/cli/parse-file.ts');
export default parseFile;

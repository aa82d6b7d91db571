import { Worker, type WorkerOptions } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Start a worker thread on the module next to `here` named `name` (without extension): its `.js`
 * build, or under tsx or vitest (where `here` is TypeScript) its `.ts` source. Node 20 cannot load
 * .ts itself and `--import tsx` in a worker's execArgv is not honoured, so for source a tiny eval'd
 * bootstrap loads the module through the ESM build of tsx's API (its CJS build resolves its own
 * chunks wrongly from an eval'd worker). One place for the claims ledger, the least-squares task
 * pool and the report's sections.
 */
export function spawnWorker(here: string, name: string, options: WorkerOptions = {}): Worker {
  const isTs = here.endsWith('.ts');
  const url = new URL(`./${name}.${isTs ? 'ts' : 'js'}`, here);
  if (!isTs) return new Worker(url, options);
  const pkg = createRequire(fileURLToPath(url)).resolve('tsx/package.json');
  const api = new URL('dist/esm/api/index.mjs', pathToFileURL(pkg)).href;
  const code = `import(${JSON.stringify(api)}).then((m) => m.tsImport(${JSON.stringify(url.href)}, ${JSON.stringify(url.href)}));`;
  return new Worker(code, { ...options, eval: true });
}

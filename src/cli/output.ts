export { writeFileAtomic, printJson, formatTable, validateOutputDir, validateOutputFile } from '../io/output.js';

export function warn(message: string): void {
  process.stderr.write(`warning: ${message}\n`);
}

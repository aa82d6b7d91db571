import type { AuditResult } from '../types.js';

/** audit.json: the data as it is (every field is finite or a string; see ../types). */
export function auditJson(result: AuditResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}

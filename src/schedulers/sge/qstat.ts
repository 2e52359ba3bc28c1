/**
 * parseSgeQstat: every Grid Engine qstat output, told apart by its first characters: XML
 * (`qstat -xml` listings, `qstat -j ID -xml` details, the `<unknown_jobs>` answer), the
 * `qstat -j` text listing, and the default table.
 */
import type { JobRecord } from '../../types.js';
import { parseSgeQstatDetail } from './qstat-detail.js';
import { parseSgeQstatJobText, parseSgeQstatTable } from './qstat-text.js';
import { parseSgeQstatXml } from './qstat-xml.js';

/** Whether text is Grid Engine qstat XML (as opposed to Torque's `<Data><Job>`). */
export function isSgeQstatXml(text: string): boolean {
  return /^\s*(?:<\?xml[^>]*\?>\s*)?<(?:job_info|detailed_job_info|unknown_jobs)\b/.test(text);
}

/** Whether text is any Grid Engine qstat output: its XML, its table, or `qstat -j`'s listing. */
export function isSgeQstatOutput(text: string): boolean {
  return isSgeQstatXml(text) || /^\s*job-ID\s+prior\s+name\b/m.test(text) || /^job_number:|^Following jobs do not exist/m.test(text);
}

/** Parse any Grid Engine qstat output into records; an empty listing gives []. */
export function parseSgeQstat(text: string): JobRecord[] {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  if (trimmed.startsWith('<')) {
    return /<detailed_job_info\b/.test(trimmed) ? parseSgeQstatDetail(trimmed) : parseSgeQstatXml(trimmed);
  }
  if (/^job_number:|Following jobs do not exist/m.test(trimmed)) return parseSgeQstatJobText(trimmed);
  return parseSgeQstatTable(trimmed);
}

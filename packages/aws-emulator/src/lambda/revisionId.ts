import { createHash } from 'node:crypto';

/**
 * A RevisionId (a UUID in Lambda's answers) derived from `seed`, so that every run answers
 * the same and a changed resource would get another one.
 */
export function revisionIdOf(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    hex.slice(12, 16),
    hex.slice(16, 20),
    hex.slice(20, 32),
  ].join('-');
}

/**
 * Resource patterns in suppressions: an ARM id, or a glob over ARM ids. Matching is
 * case-insensitive because Resource Manager is. `*` and `?` stay inside one path segment, `**`
 * crosses segments (`.../workspaces/ws1/**` is everything under ws1), like .gitignore.
 */
import { normalizeId } from '../model/ids';

export function resourceMatcher(pattern: string): (resourceId: string) => boolean {
  const p = normalizeId(pattern);
  if (!/[*?]/.test(p)) return (id) => normalizeId(id) === p;
  let re = '';
  for (let i = 0; i < p.length; i++) {
    const ch = p[i];
    if (ch === '*' && p[i + 1] === '*') {
      // `/**` at the end also matches the parent itself; `**/` matches zero or more segments.
      if (p[i + 2] === '/') {
        re += '(?:.*/)?';
        i += 2;
      } else {
        re += '.*';
        i += 1;
      }
    } else if (ch === '*') re += '[^/]*';
    else if (ch === '?') re += '[^/]';
    else re += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  const rx = new RegExp(`^${re.replace(/\/\.\*$/, '(?:/.*)?')}$`);
  return (id) => rx.test(normalizeId(id));
}

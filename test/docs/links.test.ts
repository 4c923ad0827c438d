/**
 * Every relative link in the README and docs/ leads somewhere in the repository: a file that is
 * there and, for `page.md#section`, a heading of that page (as GitHub makes anchors from headings).
 * Links inside fenced code blocks are examples, not links.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { REPO } from '../support/e2e';

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return markdownFiles(p);
    return p.endsWith('.md') ? [p] : [];
  });
}

const withoutCode = (md: string) => md.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`/g, '');

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
export function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/`/g, '')
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

function anchorsOf(file: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const m of readFileSync(file, 'utf8')
    .replace(/^```[\s\S]*?^```/gm, '')
    .matchAll(/^#{1,6}\s+(.+?)\s*#*$/gm)) {
    const base = anchorOf(m[1]);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

/** The relative links of a page: inline `[text](href)`, images, and reference definitions `[x]: href`. */
export function relativeLinks(md: string): string[] {
  const hrefs = [...withoutCode(md).matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)|^\s*\[[^\]]+\]:\s*(\S+)/gm)].map((m) => m[1] ?? m[2]);
  return hrefs.filter((h) => !/^[a-z][a-z0-9+.-]*:/i.test(h));
}

const PAGES = [join(REPO, 'README.md'), join(REPO, 'CONTRIBUTING.md'), ...markdownFiles(join(REPO, 'docs'))].filter((f) => existsSync(f));

describe('links in README.md and docs/', () => {
  it('finds the links it checks (the parser is not blind)', () => {
    expect(
      relativeLinks('see [a](docs/x.md#y), ![i](img.png "t"), `[no](code.md)`, [w](https://x.org)\n\n[ref]: ../r.md\n```\n[no](fenced.md)\n```\n'),
    ).toEqual(['docs/x.md#y', 'img.png', '../r.md']);
    expect(anchorOf('`amlnet audit` options')).toBe('amlnet-audit-options');
    expect(anchorOf('Exit codes (0, 1, 2)')).toBe('exit-codes-0-1-2');
    const readme = relativeLinks(readFileSync(join(REPO, 'README.md'), 'utf8'));
    expect(readme).toEqual(expect.arrayContaining(['docs/cli.md', 'docs/rules/README.md', 'docs/images/report.png']));
  });

  it('every relative link resolves to a file in the repository, and its #anchor to a heading there', () => {
    const broken: string[] = [];
    for (const page of PAGES) {
      for (const href of relativeLinks(readFileSync(page, 'utf8'))) {
        const [pathPart, anchor] = href.split('#');
        const target = pathPart === '' ? page : resolve(dirname(page), decodeURIComponent(pathPart));
        const where = `${relative(REPO, page)}: ${href}`;
        if (relative(REPO, target).startsWith('..')) broken.push(`${where} (outside the repository)`);
        else if (!existsSync(target)) broken.push(`${where} (no such file)`);
        else if (anchor && target.endsWith('.md') && statSync(target).isFile() && !anchorsOf(target).has(anchor))
          broken.push(`${where} (no heading makes #${anchor})`);
      }
    }
    expect(broken).toEqual([]);
  });
});

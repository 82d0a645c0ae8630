import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { LABS } from '../../labs/index.js';
import { packageRoot } from '../../src/paths.js';

const readme = readFileSync(join(packageRoot, 'examples', 'student-repo', 'README.md'), 'utf8');

/** `### 3. image-tags — 理解容器tags (4 points / 4 分)` → its parts, with the check rows under it. */
function tasks(text: string): Array<{ n: number; id: string; section: string; points: number; checks: Array<[string, number]> }> {
  return text
    .split(/^(?=### )/m)
    .slice(1)
    .map((part) => {
      const m = /^### (\d+)\. ([\w-]+) — (.+) \((\d+) points \/ \d+ 分\)$/m.exec(part);
      if (!m) throw new Error(`not a task heading: ${part.split('\n')[0]}`);
      const checks = [...part.matchAll(/^\| ([\w-]+) \| (\d+) \|/gm)].map((r): [string, number] => [r[1]!, Number(r[2])]);
      return { n: Number(m[1]), id: m[2]!, section: m[3]!, points: Number(m[4]), checks };
    });
}

describe('examples/student-repo/README.md', () => {
  it('is exactly what scripts/student-readme.mjs generates from labs/*/README.md', async () => {
    const { stdout } = await execa('node', ['scripts/student-readme.mjs', '--stdout'], { cwd: packageRoot, stripFinalNewline: false });
    expect(readme).toBe(stdout);
  });

  it('lists every lab once, in the chapter\'s order, under the section name the lab has', () => {
    const listed = tasks(readme);
    expect(listed.map((t) => t.id)).toEqual(LABS.map((lab) => lab.id));
    expect(listed.map((t) => t.n)).toEqual(LABS.map((_, i) => i + 1));
    expect(listed.map((t) => t.section)).toEqual(LABS.map((lab) => lab.section));
  });

  it('gives each task the checks and points labcheck grades it with', () => {
    for (const task of tasks(readme)) {
      const lab = LABS.find((l) => l.id === task.id)!;
      expect({ id: task.id, checks: task.checks }).toEqual({ id: lab.id, checks: lab.checks.map((c) => [c.id, c.points]) });
      expect(task.points).toBe(lab.checks.reduce((sum, c) => sum + c.points, 0));
    }
    const total = LABS.reduce((sum, lab) => sum + lab.checks.reduce((s, c) => s + c.points, 0), 0);
    expect(readme).toContain(`## Tasks / 任务 (${total} points / 共 ${total} 分)`);
  });

  it('tells the student how to grade themselves, in English and Chinese', () => {
    expect(readme).toContain('**en** Your work');
    expect(readme).toContain('**zh** 本章');
    expect(readme.match(/npx labcheck run --workdir \./g)).toHaveLength(2);
  });
});

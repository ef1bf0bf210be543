// The folders' import rules hold as the code grows: no import cycle anywhere, and each shell stays in its lane.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SPEC = /(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g;

/** Every .ts file under `roots` with the project files it imports (relative imports, .js written for .ts). */
function importGraph(roots: readonly string[]): Map<string, string[]> {
  const files = roots.flatMap((root) =>
    fs
      .readdirSync(root, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))
      .map((file) => path.join(root, file)),
  );
  const known = new Set(files);
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    const imports = [...text.matchAll(SPEC)]
      .map((match) => path.join(path.dirname(file), match[1]!).replace(/\.js$/, '.ts'))
      .filter((target) => known.has(target));
    graph.set(file, imports);
  }
  return graph;
}

/** The import cycles, each as the files on it (Tarjan's strongly connected components of more than one file). */
function cycles(graph: Map<string, string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (file: string): void => {
    index.set(file, next);
    low.set(file, next++);
    stack.push(file);
    onStack.add(file);
    for (const target of graph.get(file) ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(file, Math.min(low.get(file)!, low.get(target)!));
      } else if (onStack.has(target)) low.set(file, Math.min(low.get(file)!, index.get(target)!));
    }
    if (low.get(file) !== index.get(file)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== file);
    if (component.length > 1) found.push(component.sort());
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  return found;
}

describe('the folders', () => {
  it('have no import cycle, in main, shared or renderer', () => {
    const graph = importGraph(['main', 'shared', 'renderer']);
    expect(graph.size).toBeGreaterThan(100); // it read the sources
    expect(cycles(graph)).toEqual([]);
  });

  it('keep shared/ free of main/ and renderer/, and the core free of both shells and the launcher', () => {
    const graph = importGraph(['main', 'shared', 'renderer']);
    const crossing = [...graph].flatMap(([file, imports]) =>
      imports
        .filter(
          (target) =>
            (file.startsWith('shared/') && !target.startsWith('shared/')) ||
            (file.startsWith('main/core/') && /^main\/(desktop|headless|launcher)\//.test(target)) ||
            (file.startsWith('renderer/') && target.startsWith('main/')),
        )
        .map((target) => `${file} → ${target}`),
    );
    expect(crossing).toEqual([]);
  });

  it('finds a cycle when there is one, so a green run means something', () => {
    const graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['a.ts']],
    ]);
    expect(cycles(graph)).toEqual([['a.ts', 'b.ts', 'c.ts']]);
  });
});

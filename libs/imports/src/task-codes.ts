import { stripDot } from './section-rows';

export interface CodeSource {
  /** The table's own number (STT) as written, if any. */
  stt: string | null;
  group: string | null;
}

/**
 * Task codes, unique within the plan as far as the file allows. The table's STT is the
 * code when it is unique in the file. When it repeats across sections ("1" under A/I and
 * under A/II), each code is prefixed by its section path built from the numbering of the
 * group ("A. … / II. …" → "A.II.1"), unless the STT already carries it ("1.1" under
 * "1. …"). Without any STT, the row order gives the number.
 */
export function assignCodes(sources: CodeSource[]): string[] {
  const stts = sources.map((source, index) => stripDot(source.stt ?? '') || String(index + 1));
  if (new Set(stts).size === stts.length) return stts;
  const paths = sectionPaths(sources.map((source) => source.group));
  return sources.map((source, index) => {
    const stt = stts[index];
    if (!source.group) return stt;
    const { base, path } = paths.get(source.group)!;
    return stt.startsWith(`${base}.`) || stt.startsWith(`${base}-`) ? stt : `${path}.${stt}`;
  });
}

/**
 * Each distinct group's path: the markers of its segments ("A. … / VI. …" → "A.VI"). Two
 * groups with the same markers (the source numbers two sections "VI") get "-2", "-3"…
 * in order of appearance; a group with no markers gets its order among the groups.
 */
function sectionPaths(groups: Array<string | null>): Map<string, { base: string; path: string }> {
  const paths = new Map<string, { base: string; path: string }>();
  const taken = new Set<string>();
  for (const group of groups) {
    if (!group || paths.has(group)) continue;
    const base = markersOf(group) || String(paths.size + 1);
    let path = base;
    for (let n = 2; taken.has(path); n += 1) path = `${base}-${n}`;
    taken.add(path);
    paths.set(group, { base, path });
  }
  return paths;
}

function markersOf(group: string): string {
  return group
    .split(/\s+\/\s+/)
    .map((segment) => segment.match(/^\s*([A-Za-z]|[IVXLC]+|\d+(?:\.\d+)*)\s*[.):]\s/)?.[1])
    .filter(Boolean)
    .join('.');
}

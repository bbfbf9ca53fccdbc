import { foldVietnamese } from '@app/common';
import { DepartmentRef, GroupRef } from './types';

export type Unit = { kind: 'department'; ref: DepartmentRef } | { kind: 'group'; ref: GroupRef };

export interface ResolvedUnits {
  units: Unit[];
  /** Messages naming each piece of text that names no department, or several. */
  problems: string[];
}

/**
 * The key two unit names are compared by: no diacritics or case, "Ủy ban nhân dân" as
 * "UBND", "&" and "và" dropped, no spaces, dots or dashes. So "Sở TT&TT", "Sở TTTT" and
 * "sở tt-tt" meet, and "Sở KH&ĐT" meets "Sở KHĐT".
 */
export function matchKey(text: string): string {
  return foldVietnamese(text)
    .replace(/uy ban nhan dan/g, 'ubnd')
    .replace(/&/g, ' ')
    .replace(/(^|[^a-z0-9])va(?=$|[^a-z0-9])/g, '$1')
    .replace(/[^a-z0-9]+/g, '');
}

/**
 * Keys derived from a full name, for the abbreviations plans use without anyone
 * listing them: "Sở Lao động - Thương binh và Xã hội" → "Sở LĐTBXH", "SLĐTBXH";
 * "UBND huyện Ninh Hải" → "huyện Ninh Hải".
 */
function derivedKeys(name: string): string[] {
  const folded = foldVietnamese(name);
  const so = folded.match(/^so (.+)$/);
  if (so) {
    const initials = so[1]
      .split(/[^a-z0-9]+/)
      .filter((word) => word && word !== 'va')
      .map((word) => word[0])
      .join('');
    return [`so${initials}`, `s${initials}`];
  }
  const local = matchKey(name).match(/^ubnd(.+)$/);
  return local ? [local[1]] : [];
}

/** "Các cơ quan, đơn vị liên quan" and the like name nobody in particular: they are dropped. */
const VAGUE = /^cac.*lienquan$/;

/** Separators between units in a cell; full names containing them are re-joined by lookup. */
const SEPARATOR = /\s*[,;\n+]\s*|\s+(?:và|va|&|-|–)\s+/giu;

type Lookup = Unit | { ambiguous: Unit[] } | 'vague' | null;

/** Resolves the department and group names written in a cell against the catalogue. */
export class DepartmentResolver {
  private readonly exact = new Map<string, Unit[]>();
  private readonly derived = new Map<string, Unit[]>();

  constructor(departments: DepartmentRef[], groups: GroupRef[]) {
    const units: Unit[] = [
      ...departments.map((ref): Unit => ({ kind: 'department', ref })),
      ...groups.map((ref): Unit => ({ kind: 'group', ref })),
    ];
    for (const unit of units) {
      for (const text of [unit.ref.code, unit.ref.name, ...unit.ref.aliases]) add(this.exact, matchKey(text), unit);
    }
    for (const unit of units) for (const key of derivedKeys(unit.ref.name)) add(this.derived, key, unit);
  }

  /**
   * Every unit named in `text`, in order. The text is cut at separators, and the longest
   * run of pieces that names a unit wins, so "Sở Văn hóa, Thể thao và Du lịch" or
   * "Các Sở, ban, ngành; địa phương" stay whole while "Sở TC và Sở TTTT" gives two.
   */
  resolve(text: string): ResolvedUnits {
    const pieces = splitPieces(text);
    const result: ResolvedUnits = { units: [], problems: [] };
    let unknownFrom = -1;
    const flushUnknown = (upTo: number) => {
      if (unknownFrom < 0) return;
      result.problems.push(`unknown department "${text.slice(pieces[unknownFrom].start, pieces[upTo].end)}"`);
      unknownFrom = -1;
    };
    for (let i = 0; i < pieces.length; ) {
      const [j, found] = this.longestMatch(text, pieces, i);
      if (found === null) {
        if (unknownFrom < 0) unknownFrom = i;
        i += 1;
        continue;
      }
      flushUnknown(i - 1);
      if (found === 'vague') {
        // Nothing to add.
      } else if ('ambiguous' in found) {
        const names = found.ambiguous.map((unit) => `"${unit.ref.name}"`).join(' and ');
        result.problems.push(`department "${text.slice(pieces[i].start, pieces[j].end)}" is ambiguous: it could be ${names}`);
      } else {
        result.units.push(found);
      }
      i = j + 1;
    }
    flushUnknown(pieces.length - 1);
    return result;
  }

  private longestMatch(text: string, pieces: Piece[], from: number): [number, Lookup] {
    for (let to = pieces.length - 1; to >= from; to -= 1) {
      const found = this.lookup(text.slice(pieces[from].start, pieces[to].end));
      if (found !== null) return [to, found];
    }
    return [from, null];
  }

  private lookup(text: string): Lookup {
    const key = matchKey(text);
    if (VAGUE.test(key)) return 'vague';
    const units = this.exact.get(key) ?? this.derived.get(key);
    if (!units) return null;
    return units.length === 1 ? units[0] : { ambiguous: units };
  }
}

function add(index: Map<string, Unit[]>, key: string, unit: Unit): void {
  if (!key) return;
  const units = index.get(key) ?? [];
  if (!units.some((known) => known.ref.id === unit.ref.id && known.kind === unit.kind)) units.push(unit);
  index.set(key, units);
}

interface Piece {
  start: number;
  end: number;
}

/** Non-empty stretches of `text` between separators, as offsets into it. */
function splitPieces(text: string): Piece[] {
  const pieces: Piece[] = [];
  let start = 0;
  const push = (end: number) => {
    const raw = text.slice(start, end);
    const lead = raw.length - raw.trimStart().length;
    const trimmed = raw.trim().replace(/[.。]+$/, '');
    if (trimmed) pieces.push({ start: start + lead, end: start + lead + trimmed.length });
  };
  for (const match of text.matchAll(SEPARATOR)) {
    push(match.index!);
    start = match.index! + match[0].length;
  }
  push(text.length);
  return pieces;
}

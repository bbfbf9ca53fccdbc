import { invalid } from '@app/common';

/**
 * How deep a JSON body may nest. No request of the API nests beyond 4; past a few thousand
 * levels the parsers and validators recurse until the stack overflows (a 500, also on the
 * unauthenticated /auth/login), so depth is checked on the text, before parsing.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * How many keys and array items a JSON body may hold in all. The largest request of the API
 * (a task with 200 coordinating departments, a report with 50 documents) holds a few hundred;
 * a 1 MB body of 70,000 unknown keys held the event loop for seconds in the validation pipe
 * before it was refused, so members are counted on the text, before parsing.
 */
export const MAX_JSON_MEMBERS = 5_000;

/**
 * Which limit a JSON text passes, read in one pass without recursion (strings are skipped):
 * `depth` when it opens more than `maxDepth` arrays/objects inside each other, `members` when
 * it holds more than `maxMembers` keys and items (colons and commas); undefined when neither.
 */
export function jsonTextPastLimits(text: string, maxDepth: number, maxMembers: number): 'depth' | 'members' | undefined {
  let depth = 0;
  let members = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 91 /* [ */ || c === 123 /* { */) {
      if (++depth > maxDepth) return 'depth';
    } else if (c === 93 /* ] */ || c === 125 /* } */) depth--;
    else if ((c === 44 /* , */ || c === 58) /* : */ && ++members > maxMembers) return 'members';
  }
  return undefined;
}

/** True when the JSON text opens more than `max` arrays/objects inside each other. */
export const jsonNestsDeeperThan = (text: string, max: number) => jsonTextPastLimits(text, max, Infinity) === 'depth';

/** True when the JSON text holds more than `max` keys and array items. */
export const jsonHasMoreMembersThan = (text: string, max: number) => jsonTextPastLimits(text, Infinity, max) === 'members';

/**
 * The path of the first string (or key) holding a NUL character, e.g. `outputDocuments.0.number`,
 * or undefined. PostgreSQL cannot store NUL in text and answered it with an error (a 500);
 * every string of a request is checked here once, whatever route it goes to.
 * Bodies are at most MAX_JSON_DEPTH deep, query strings and path parameters flat.
 */
export function fieldWithNul(value: unknown, path = ''): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path || 'body' : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, item] of Object.entries(value)) {
    const at = path ? `${path}.${key}` : key;
    if (key.includes('\u0000')) return at.replace(/\u0000/g, '\\u0000');
    const found = fieldWithNul(item, at);
    if (found) return found;
  }
  return undefined;
}

/** A preValidation hook: 400 naming the field when a path parameter, query value or body string holds NUL. */
export function refuseNulCharacters(request: { params?: unknown; query?: unknown; body?: unknown }): void {
  for (const part of [request.params, request.query, request.body]) {
    const field = fieldWithNul(part);
    if (field) throw invalid(`${field}: must not contain the NUL character (\\u0000)`);
  }
}

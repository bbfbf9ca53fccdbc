/** At most this many roll-ups are kept (each a few KB to ~100 KB of JSON for every plan). */
export const ROLLUP_CACHE_ENTRIES = 256;

/**
 * Recent roll-ups as JSON text, by scope, day and data stamp (RollupsService.rollupJson).
 * The stamp is the sum of the revisions the roll-up depends on (migration
 * 1763870900000-data-revisions), which any committed change raises: an entry is never found
 * again once what it counted has changed, so nothing here is ever invalidated, only evicted
 * (least recently used first). Per process: several API processes each keep their own, all
 * correct for the same reason.
 */
export class RollupCache {
  private readonly entries = new Map<string, string>();

  constructor(private readonly capacity = ROLLUP_CACHE_ENTRIES) {}

  get(key: string): string | undefined {
    const json = this.entries.get(key);
    if (json !== undefined) {
      // most recently used last: Map keeps insertion order
      this.entries.delete(key);
      this.entries.set(key, json);
    }
    return json;
  }

  set(key: string, json: string): void {
    this.entries.delete(key);
    this.entries.set(key, json);
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  get size(): number {
    return this.entries.size;
  }
}

/**
 * Lookups that cannot fail once content is validated. If one does, the error names the
 * kind and the key (`card "runx" not found`) instead of a TypeError far away.
 */

/** `map.get(key)`, or an error naming `kind` and `key`. */
export function must<K, V>(map: ReadonlyMap<K, V>, key: K, kind: string): V {
  const value = map.get(key);
  if (value === undefined) throw new Error(`${kind} "${String(key)}" not found (validated content should have it)`);
  return value;
}

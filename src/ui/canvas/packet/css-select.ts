/** Escapes a value for a double-quoted CSS attribute selector (device ids are user text). */
export function cssString(s: string): string {
  return s.replace(/["\\]/g, '\\$&').replace(/[\n\r\f]/g, ' ');
}

/** Tab completion of the command word: the console's commands, as far as the typed prefix decides. */
export const COMMANDS = ['ip', 'iptables', 'iptables-save', 'ping', 'conntrack', 'help', 'clear'] as const;

/** The completed line, or null when Tab has nothing to add (then it moves the focus, as usual). */
export function completeCommand(typed: string): string | null {
  if (typed === '' || /\s/.test(typed)) return null;
  const hits = COMMANDS.filter((c) => c.startsWith(typed));
  if (hits.length === 0) return null;
  if (hits.length === 1) return `${hits[0]} `;
  let common: string = hits[0]!;
  for (const h of hits) while (!h.startsWith(common)) common = common.slice(0, -1);
  return common.length > typed.length ? common : null;
}

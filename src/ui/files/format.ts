/** How the file dialogs show sizes and times. */

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1048576).toFixed(1)} MB`;
}

/** "Today 12:03", or the date and time; "—" when unknown (0). */
export function formatWhen(at: number, now = Date.now()): string {
  if (!at) return '—';
  const d = new Date(at);
  const today = new Date(now).toDateString() === d.toDateString();
  return today
    ? `Today ${d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}`
    : d.toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });
}

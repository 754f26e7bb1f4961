/** Placeholder mount point, replaced by the real panel. */
export function RulesPanel() {
  return <p className="empty-state">Rules</p>;
}

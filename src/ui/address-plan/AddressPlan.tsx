/** Placeholder mount point, replaced by the real panel. */
export function AddressPlan() {
  return <p className="empty-state">Address plan</p>;
}

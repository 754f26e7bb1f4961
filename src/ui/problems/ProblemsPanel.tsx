export function ProblemsPanel() {
  return <p className="empty-state">Problems</p>;
}

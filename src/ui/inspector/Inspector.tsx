export function Inspector() {
  return <aside className="inspector" aria-label="Inspector" />;
}

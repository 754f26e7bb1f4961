export function App() {
  return <h1>natlab</h1>;
}

export default function Canvas() {
  return <div className="canvas" />;
}

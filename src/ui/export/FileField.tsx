/** A file input that hands over the file's text (errors reading it are shown at the field). */
import { useState, type ChangeEvent } from 'react';

export function FileField({
  accept,
  label,
  onText,
}: {
  readonly accept: string;
  readonly label: string;
  readonly onText: (text: string, name: string) => void;
}) {
  const [error, setError] = useState<string>();
  async function read(e: ChangeEvent<HTMLInputElement>) {
    const f = e.target.files?.[0];
    if (!f) return;
    try {
      onText(await f.text(), f.name);
      setError(undefined);
    } catch (x) {
      setError(`${f.name} could not be read: ${x instanceof Error ? x.message : String(x)}`);
    }
    e.target.value = ''; // choosing the same file again reads it again
  }
  return (
    <label className="import__file">
      <span className="field__label">{label}</span>
      <input type="file" accept={accept} data-testid="import-file" onChange={(e) => void read(e)} />
      {error && <span className="field__problem">{error}</span>}
    </label>
  );
}

/** One short message at the bottom of the screen (why a connection was refused, what was restored). */
import { useEffect } from 'react';
import { useActions, useLab } from './lab-hooks.ts';

export function Notice() {
  const notice = useLab((s) => s.notice);
  const { notify } = useActions();
  useEffect(() => {
    if (!notice || notice.tone === 'error') return;
    const t = setTimeout(() => notify(undefined), 5000);
    return () => clearTimeout(t);
  }, [notice, notify]);
  if (!notice) return null;
  return (
    <div
      className={`notice notice--${notice.tone}`}
      role={notice.tone === 'error' ? 'alert' : 'status'}
      data-testid="notice"
    >
      <span>{notice.text}</span>
      <button type="button" className="icon-btn" aria-label="Dismiss" onClick={() => notify(undefined)}>
        ×
      </button>
    </div>
  );
}

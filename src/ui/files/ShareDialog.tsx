/**
 * Share: a link that holds the open lab (compressed, in the `#lab=` fragment: it never reaches a
 * server), its length (long links may be cut by mail and chat programs), and a Copy button.
 */
import { useEffect, useId, useRef, useState } from 'react';
import { LONG_SHARE_URL, encodeShare, shareUrl } from '../../state/share/share.ts';
import { Dialog } from '../components/Dialog.tsx';
import { useLab } from '../app/lab-hooks.ts';
import { copyText } from '../components/download.ts';
import './files.css';

type Link =
  | { readonly status: 'building' }
  | { readonly status: 'ready'; readonly url: string }
  | { readonly status: 'failed'; readonly message: string };

/** The page's address without its query and fragment: a shared link opens only the lab it holds. */
function baseUrl(): string {
  const { origin, pathname } = window.location;
  return `${origin}${pathname}`;
}

export function ShareDialog({ onClose }: { readonly onClose: () => void }) {
  const doc = useLab((s) => s.doc);
  const [link, setLink] = useState<{ doc: typeof doc; link: Link } | null>(null);
  const [copied, setCopied] = useState<'copied' | 'failed' | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const inputId = useId();
  const hintId = useId();

  useEffect(() => {
    let live = true;
    encodeShare(doc).then(
      (fragment) => live && setLink({ doc, link: { status: 'ready', url: shareUrl(baseUrl(), fragment) } }),
      (e: unknown) =>
        live &&
        setLink({ doc, link: { status: 'failed', message: e instanceof Error ? e.message : String(e) } }),
    );
    return () => {
      live = false;
    };
  }, [doc]);

  const current: Link = link && link.doc === doc ? link.link : { status: 'building' };
  const url = current.status === 'ready' ? current.url : '';
  const long = url.length > LONG_SHARE_URL;

  async function copy() {
    if (!url) return;
    const ok = await copyText(url, input.current);
    setCopied(ok ? 'copied' : 'failed');
    if (!ok) input.current?.select();
  }

  return (
    <Dialog
      title="Share this lab"
      onClose={onClose}
      testId="share-dialog"
      footer={
        <button type="button" className="btn" onClick={onClose}>
          Close
        </button>
      }
    >
      <p className="files__intro">
        Anyone who opens this link gets their own copy of the lab as it is now. The lab travels inside the
        link (after the <code>#</code>): it is not uploaded anywhere.
      </p>
      <div className="field">
        <label className="field__label" htmlFor={inputId}>
          Link to this lab
        </label>
        <div className="share__row">
          <input
            id={inputId}
            ref={input}
            className="field__control share__url"
            readOnly
            value={current.status === 'building' ? 'Building the link…' : url}
            aria-describedby={hintId}
            data-testid="share-url"
            onFocus={(e) => e.currentTarget.select()}
          />
          <button
            type="button"
            className="btn btn--primary"
            data-testid="share-copy"
            disabled={!url}
            onClick={() => void copy()}
          >
            {copied === 'copied' ? 'Copied' : 'Copy'}
          </button>
        </div>
        <span id={hintId} className="field__hint" data-testid="share-length">
          {current.status === 'ready' && `${url.length.toLocaleString('en-US')} characters`}
        </span>
      </div>
      {current.status === 'failed' && (
        <p className="field__problem" role="alert">
          {current.message}
        </p>
      )}
      {long && (
        <p className="share__warning" role="note" data-testid="share-long">
          This link is {url.length.toLocaleString('en-US')} characters long: some mail and chat programs cut
          links longer than {LONG_SHARE_URL.toLocaleString('en-US')} characters. To be safe, send the lab as a
          file (Saved labs → Download).
        </p>
      )}
      <p className="files__copied" role="status">
        {copied === 'copied' && 'The link is on the clipboard.'}
        {copied === 'failed' &&
          'The browser did not let natlab copy: the link is selected, press Ctrl+C (⌘C).'}
      </p>
    </Dialog>
  );
}

/**
 * Export: every format of `natlab export` (same engine functions, same text), per-device formats with
 * a device picker, a preview, Copy and Download; and pictures of the lab — the canvas as PNG and a clean
 * SVG drawn from the model. Formats made from the compiled lab say so while the lab does not compile.
 */
import { useMemo, useRef, useState } from 'react';
import { Dialog } from '../components/Dialog.tsx';
import { useDerived, useLab } from '../app/lab-hooks.ts';
import { useUi } from '../app/ui-state.ts';
import { useCanvasImage } from '../canvas/use-canvas-image.ts';
import { copyText, downloadText, downloadUrl } from '../components/download.ts';
import {
  exportDevices,
  exportText,
  FORMAT_GROUPS,
  FORMATS,
  fileName,
  formatDef,
  type FormatId,
  type TextFormat,
} from './export-formats.ts';
import './export.css';

type Png =
  | { readonly status: 'idle' }
  | { readonly status: 'busy' }
  | { readonly status: 'ready'; readonly url: string }
  | { readonly status: 'failed'; readonly message: string };

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function ExportDialog({ onClose }: { readonly onClose: () => void }) {
  const doc = useLab((s) => s.doc);
  const derived = useDerived();
  const canvas = useCanvasImage();
  const showDock = useUi((s) => s.showDock);
  const [format, setFormat] = useState<FormatId>('iptables-save');
  const [picked, setPicked] = useState<string | undefined>();
  const [prefix, setPrefix] = useState('');
  const [dark, setDark] = useState(false);
  const [png, setPng] = useState<Png>({ status: 'idle' });
  const [copied, setCopied] = useState<'copied' | 'failed' | undefined>();
  const body = useRef<HTMLDivElement>(null);

  const def = formatDef(format);
  const devices = useMemo(() => exportDevices(derived), [derived]);
  const device = picked !== undefined && devices.list.some((d) => d.id === picked) ? picked : devices.dflt;
  const outcome = useMemo(
    () =>
      format === 'png'
        ? undefined
        : exportText({ doc, derived }, format as TextFormat, {
            ...(def.perDevice && device !== undefined ? { device } : {}),
            ...(format === 'netns-script' && prefix ? { prefix } : {}),
            ...(format === 'svg' ? { theme: dark ? 'dark' : 'light' } : {}),
          }),
    [doc, derived, format, def.perDevice, device, prefix, dark],
  );
  const text = outcome?.ok ? outcome.text : undefined;
  const file = fileName(format, doc, def.perDevice ? device : undefined);
  const svgUrl = useMemo(
    () =>
      format === 'svg' && text ? `data:image/svg+xml;charset=utf-8,${encodeURIComponent(text)}` : undefined,
    [format, text],
  );

  async function makePng(): Promise<string | undefined> {
    setPng({ status: 'busy' });
    try {
      const url = await canvas.png();
      setPng({ status: 'ready', url });
      return url;
    } catch (e) {
      setPng({ status: 'failed', message: message(e) });
      return undefined;
    }
  }

  async function downloadPng() {
    const url = png.status === 'ready' ? png.url : await makePng();
    if (url) downloadUrl(fileName('png', doc, undefined), url, body.current);
  }

  function downloadSvg() {
    const r = exportText({ doc, derived }, 'svg', { theme: dark ? 'dark' : 'light' });
    if (r.ok) downloadText(fileName('svg', doc, undefined), r.text, 'image/svg+xml', body.current);
  }

  function choose(next: FormatId) {
    setFormat(next);
    setCopied(undefined);
    if (next === 'png' && png.status !== 'busy') void makePng();
  }

  async function copy() {
    if (text === undefined) return;
    setCopied((await copyText(text, body.current)) ? 'copied' : 'failed');
  }

  function download() {
    if (format === 'png') void downloadPng();
    else if (text !== undefined) downloadText(file, text, def.mime, body.current);
  }

  const canDownload = format === 'png' ? png.status !== 'busy' : text !== undefined;

  return (
    <Dialog
      title="Export"
      onClose={onClose}
      wide
      testId="export-dialog"
      footer={
        <>
          <span className="export__images">
            <span className="muted small">Picture of the lab:</span>
            <button
              type="button"
              className="btn"
              data-testid="export-png"
              disabled={png.status === 'busy'}
              title="The whole canvas as a PNG picture"
              onClick={() => void downloadPng()}
            >
              {png.status === 'busy' ? 'Making PNG…' : 'PNG of the canvas'}
            </button>
            <button
              type="button"
              className="btn"
              data-testid="export-svg"
              title="A clean vector drawing of the lab (SVG)"
              onClick={downloadSvg}
            >
              SVG drawing
            </button>
          </span>
          <span className="export__status small" role="status">
            {copied === 'copied' && 'Copied to the clipboard.'}
            {copied === 'failed' && 'The browser did not allow copying: select the text and copy it.'}
          </span>
          <button
            type="button"
            className="btn"
            data-testid="export-copy"
            disabled={text === undefined}
            onClick={() => void copy()}
          >
            Copy
          </button>
          <button
            type="button"
            className="btn btn--primary"
            data-testid="export-download"
            disabled={!canDownload}
            title={canDownload ? `Save as ${file}` : undefined}
            onClick={download}
          >
            Download
          </button>
        </>
      }
    >
      <div className="export" ref={body}>
        <div className="export__controls">
          <label className="field field--bare">
            <span className="field__label">Format</span>
            <select
              data-testid="export-format"
              value={format}
              onChange={(e) => choose(e.target.value as FormatId)}
            >
              {FORMAT_GROUPS.map((g) => (
                <optgroup key={g} label={g}>
                  {FORMATS.filter((f) => f.group === g).map((f) => (
                    <option key={f.id} value={f.id}>
                      {f.label}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          </label>
          {def.perDevice && (
            <label className="field field--bare">
              <span className="field__label">Device</span>
              <select
                data-testid="export-device"
                value={device ?? ''}
                disabled={devices.list.length === 0}
                onChange={(e) => setPicked(e.target.value)}
              >
                {devices.list.length === 0 && <option value="">—</option>}
                {devices.list.map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.name === d.id ? d.id : `${d.name} (${d.id})`} · {d.kind}
                  </option>
                ))}
              </select>
            </label>
          )}
          {format === 'netns-script' && (
            <label className="field field--bare field--mono">
              <span className="field__label">Namespace prefix</span>
              <input
                data-testid="export-prefix"
                value={prefix}
                placeholder="nl-"
                maxLength={32}
                spellCheck={false}
                onChange={(e) => setPrefix(e.target.value)}
              />
            </label>
          )}
          {format === 'svg' && (
            <label className="export__check">
              <input type="checkbox" checked={dark} onChange={(e) => setDark(e.target.checked)} />
              Dark colours
            </label>
          )}
        </div>
        <p className="export__summary muted small">
          {def.summary[0]!.toUpperCase() + def.summary.slice(1)}. <span className="export__file">{file}</span>
        </p>

        {outcome?.ok && outcome.warnings.length > 0 && (
          <div className="export__warnings" data-testid="export-warnings">
            <strong>
              {outcome.warnings.length === 1
                ? 'One thing this format cannot express'
                : `${outcome.warnings.length} things this format cannot express`}{' '}
              (also written into the text as comments):
            </strong>
            <ul>
              {outcome.warnings.map((w, i) => (
                <li key={i}>{w}</li>
              ))}
            </ul>
          </div>
        )}

        {outcome && !outcome.ok && (
          <div className="export__blocked" data-testid="export-blocked" role="note">
            <p>{outcome.reason}</p>
            {outcome.kind === 'not-compiled' && (
              <button
                type="button"
                className="btn"
                data-testid="export-show-problems"
                onClick={() => {
                  showDock('problems');
                  onClose();
                }}
              >
                Show the Problems panel
              </button>
            )}
          </div>
        )}

        {format === 'svg' && svgUrl && (
          <div className="export__picture" data-testid="export-preview">
            <img src={svgUrl} alt={`Drawing of the lab ${doc.name}`} />
          </div>
        )}
        {format === 'png' && (
          <div className="export__picture" data-testid="export-preview">
            {png.status === 'busy' && <p className="muted">Drawing the canvas…</p>}
            {png.status === 'ready' && <img src={png.url} alt={`The canvas of the lab ${doc.name}`} />}
            {png.status === 'failed' && (
              <p className="export__error" role="alert">
                The canvas picture could not be made: {png.message}
              </p>
            )}
          </div>
        )}
        {format !== 'svg' && format !== 'png' && text !== undefined && (
          <pre
            className="export__preview"
            data-testid="export-preview"
            tabIndex={0}
            aria-label={`Preview of ${file}`}
          >
            {text}
          </pre>
        )}
      </div>
    </Dialog>
  );
}

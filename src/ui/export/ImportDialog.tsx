/**
 * Import: a lab file (opens it), a namespace script (the engine's script importer → a lab, opened), or
 * a device's own dumps (`iptables-save`, `ip rule`, `ip route show table all`) into one drawn device of
 * the open lab, as one undo step. Broken input shows every problem where it is (document path, script
 * line, dump line) and changes nothing: the open lab and the pasted text stay as they are.
 */
import { castDraft } from 'immer';
import { useId, useState } from 'react';
import type { LabDocument } from '../../engine/lab/format.ts';
import {
  applyDeviceDump,
  importDeviceDump,
  type DeviceDump,
} from '../../engine/import/device-dump/device-dump.ts';
import { importScript } from '../../engine/import/import-script.ts';
import { loadLab, loadLabValue } from '../../lab/load.ts';
import { Dialog } from '../components/Dialog.tsx';
import { useActions, useDerived, useLab } from '../app/lab-hooks.ts';
import { DUMPS, type DumpKey } from './device-dumps.ts';
import { FileField } from './FileField.tsx';
import { ImportProblems, type Done, type Failure, type ImportTab, type Problem } from './ImportProblems.tsx';
import './export.css';

type Tab = ImportTab;

const TABS: readonly { id: Tab; label: string }[] = [
  { id: 'lab', label: 'Lab file (.lab.json)' },
  { id: 'script', label: 'Namespace script' },
  { id: 'device', label: 'Into a device' },
];

const plural = (n: number, w: string) => `${n} ${w}${n === 1 ? '' : 's'}`;

/** The lab's name from a script's file name: without directory and extension. */
function nameFromFile(file: string | undefined): string | undefined {
  if (!file) return undefined;
  const base = file.split(/[\\/]/).pop() ?? file;
  return base.replace(/\.(sh|bash|txt)$/, '') || undefined;
}

export function ImportDialog({ onClose }: { readonly onClose: () => void }) {
  const act = useActions();
  const doc = useLab((s) => s.doc);
  const derived = useDerived();
  const ids = useId();
  const [tab, setTab] = useState<Tab>('lab');
  const [labText, setLabText] = useState('');
  const [scriptText, setScriptText] = useState('');
  const [scriptFile, setScriptFile] = useState<string>();
  const [scriptName, setScriptName] = useState('');
  const [picked, setPicked] = useState<string>();
  const [dumpKey, setDumpKey] = useState<DumpKey>('iptablesSave');
  const [dumps, setDumps] = useState<Record<DumpKey, string>>({ iptablesSave: '', ipRule: '', ipRoute: '' });
  const [failure, setFailure] = useState<Failure>();
  const [done, setDone] = useState<Done>();

  const devices = doc.devices;
  const deviceId =
    picked !== undefined && devices.some((d) => d.id === picked)
      ? picked
      : (devices.find((d) => d.kind !== 'host')?.id ?? devices[0]?.id);
  const device = devices.find((d) => d.id === deviceId);
  const shownFailure = failure?.tab === tab ? failure : undefined;
  const shownDone = done?.tab === tab ? done : undefined;

  function fail(f: Omit<Failure, 'tab'>) {
    setDone(undefined);
    setFailure({ tab, ...f });
  }

  function opened(next: LabDocument, text: string, warnings: readonly Problem[]) {
    act.open(next);
    act.notify({ tone: 'info', text });
    setFailure(undefined);
    if (warnings.length)
      setDone({ tab, title: `${text} ${plural(warnings.length, 'warning')}:`, problems: warnings });
    else onClose();
  }

  function applyLab() {
    if (!labText.trim()) return fail({ title: 'Paste a lab file or choose one first.', problems: [] });
    const r = loadLab(labText);
    if (r.ok) return opened(r.doc, `Opened “${r.doc.name}”.`, []);
    const errors = r.issues.filter((i) => i.severity === 'error').length;
    const bad = r.doc;
    fail({
      title: `This lab file cannot be opened: ${plural(errors, 'error')}`,
      ...(bad
        ? {
            hint: 'It is a lab file, but natlab cannot compile it. You can open it anyway and fix it in the designer (the Problems panel lists the same errors).',
            anyway: {
              label: 'Open it anyway',
              run: () => {
                act.open(bad);
                act.notify({
                  tone: 'error',
                  text: `Opened “${bad.name}” with ${plural(errors, 'error')}: see the Problems panel.`,
                });
                onClose();
              },
            },
          }
        : {}),
      problems: r.issues.map((i) => ({
        where: i.path || 'the file',
        message: i.message,
        ...(i.severity === 'warning' ? { warning: true } : {}),
      })),
    });
  }

  function applyScript() {
    if (!scriptText.trim())
      return fail({ title: 'Paste a namespace script or choose one first.', problems: [] });
    const name = scriptName.trim() || nameFromFile(scriptFile);
    const r = importScript(scriptText, name ? { name } : {});
    const toProblem = (i: { line: number; message: string; command: string }, warning = false): Problem => ({
      where: `line ${i.line}`,
      message: i.message,
      ...(i.command ? { detail: i.command } : {}),
      ...(warning ? { warning } : {}),
    });
    if (!r.ok)
      return fail({
        title: `The script cannot be imported: ${plural(r.issues.length, 'problem')}`,
        hint: 'Nothing was changed. Fix these lines and import again.',
        problems: r.issues.map((i) => toProblem(i)),
      });
    opened(
      r.doc,
      `Imported “${r.doc.name}” from the script (${plural(r.doc.devices.length, 'device')}).`,
      r.warnings.map((w) => toProblem(w, true)),
    );
  }

  function applyDump() {
    if (!device) return;
    const given = DUMPS.filter((d) => dumps[d.key].trim());
    if (!given.length)
      return fail({ title: 'Paste the output of at least one of the commands first.', problems: [] });
    const dump: DeviceDump = Object.fromEntries(given.map((d) => [d.key, dumps[d.key]]));
    const r = importDeviceDump(dump);
    const toProblem = (
      i: { source: string; line: number; text: string; message: string },
      warning = false,
    ) => ({
      where: i.line > 0 ? `${i.source} line ${i.line}` : i.source,
      message: i.message,
      ...(i.text ? { detail: i.text } : {}),
      ...(warning ? { warning } : {}),
    });
    if (!r.ok)
      return fail({
        title: `The pasted text cannot be imported: ${plural(r.errors.length, 'problem')}`,
        hint: `Nothing was changed on ${device.id}.`,
        problems: [...r.errors.map((i) => toProblem(i)), ...r.warnings.map((i) => toProblem(i, true))],
      });
    const index = doc.devices.indexOf(device);
    const next = applyDeviceDump(device, r.fields);
    const what = given.map((d) => d.label).join(', ');
    const warnings = r.warnings.map((i) => toProblem(i, true));
    const apply = () => {
      const changed = act.run(`Import ${what} into ${device.id}`, (d) => {
        d.devices[index] = castDraft(next);
      });
      const text = changed
        ? `Imported ${what} into ${device.name ?? device.id}. Undo reverts it.`
        : `${device.name ?? device.id} already has exactly this configuration: nothing changed.`;
      act.notify({ tone: 'info', text });
      setFailure(undefined);
      if (warnings.length)
        setDone({
          tab: 'device',
          title: `${text} ${plural(warnings.length, 'line')} skipped:`,
          problems: warnings,
        });
      else onClose();
    };
    // The device's new fields must still compile (a route whose gateway the lab cannot reach, …).
    const check = loadLabValue({ ...doc, devices: doc.devices.map((d, i) => (i === index ? next : d)) });
    if (!check.ok && derived.network) {
      const errors = check.issues.filter((i) => i.severity === 'error');
      return fail({
        title: `natlab cannot build ${device.id} with this configuration: ${plural(errors.length, 'error')}`,
        hint: 'Nothing was changed. The configuration was read, but the lab would not compile with it.',
        problems: errors.map((i) => ({ where: i.path, message: i.message })),
        anyway: { label: 'Import it anyway', run: apply },
      });
    }
    apply();
  }

  const apply = tab === 'lab' ? applyLab : tab === 'script' ? applyScript : applyDump;
  const dumpInfo = DUMPS.find((d) => d.key === dumpKey)!;
  const text = tab === 'lab' ? labText : tab === 'script' ? scriptText : dumps[dumpKey];
  const setText = (t: string) => {
    if (tab === 'lab') setLabText(t);
    else if (tab === 'script') setScriptText(t);
    else setDumps((d) => ({ ...d, [dumpKey]: t }));
  };
  const applyLabel =
    tab === 'lab' ? 'Open lab' : tab === 'script' ? 'Import script' : `Import into ${device?.id ?? 'device'}`;

  return (
    <Dialog
      title="Import"
      onClose={onClose}
      wide
      testId="import-dialog"
      footer={
        <>
          <button type="button" className="btn" onClick={onClose}>
            {shownDone ? 'Close' : 'Cancel'}
          </button>
          <button
            type="button"
            className="btn btn--primary"
            data-testid="import-apply"
            disabled={tab === 'device' && !device}
            onClick={apply}
          >
            {applyLabel}
          </button>
        </>
      }
    >
      <div className="import">
        <div className="tabs import__tabs" role="tablist" aria-label="What to import">
          {TABS.map((t) => (
            <button
              key={t.id}
              type="button"
              role="tab"
              id={`${ids}-${t.id}`}
              className="tab"
              aria-selected={tab === t.id}
              aria-controls={`${ids}-panel`}
              data-testid={`import-tab-${t.id}`}
              onClick={() => setTab(t.id)}
            >
              {t.label}
            </button>
          ))}
        </div>
        <div className="import" role="tabpanel" id={`${ids}-panel`} aria-labelledby={`${ids}-${tab}`}>
          {tab === 'lab' && (
            <>
              <p className="import__hint muted small">
                Opens a natlab lab file in place of the lab on the canvas (save that one first under Saved
                labs to keep it). Choose a file or paste its text.
              </p>
              <FileField accept=".json,application/json" label="Lab file" onText={(t) => setLabText(t)} />
            </>
          )}
          {tab === 'script' && (
            <>
              <p className="import__hint muted small">
                A bash script that builds a lab in network namespaces with ip, sysctl and iptables — as
                “Namespace script” exports it, or as the kernel’s selftests are written. Nothing in it is run.
                The lab it builds opens in place of the lab on the canvas.
              </p>
              <div className="import__row">
                <FileField
                  accept=".sh,.bash,text/x-shellscript,text/plain"
                  label="Script file"
                  onText={(t, name) => {
                    setScriptText(t);
                    setScriptFile(name);
                  }}
                />
                <label className="field">
                  <span className="field__label">Lab name (if the script does not give one)</span>
                  <input
                    value={scriptName}
                    placeholder={nameFromFile(scriptFile) ?? 'Imported lab'}
                    maxLength={200}
                    onChange={(e) => setScriptName(e.target.value)}
                  />
                </label>
              </div>
            </>
          )}
          {tab === 'device' && !device && (
            <p className="empty-state">
              <strong>This lab has no drawn device yet.</strong>
              Draw a router or host first, then import its configuration here.
            </p>
          )}
          {tab === 'device' && device && (
            <>
              <p className="import__hint muted small">
                Paste what the device itself prints. Each pasted output replaces that part of the device (its{' '}
                {DUMPS.map((d) => d.replaces).join(', ')}); interfaces and addresses stay as drawn. One undo
                step.
              </p>
              <div className="import__row">
                <label className="field">
                  <span className="field__label">Device</span>
                  <select
                    data-testid="import-device"
                    value={device.id}
                    onChange={(e) => setPicked(e.target.value)}
                  >
                    {devices.map((d) => (
                      <option key={d.id} value={d.id}>
                        {d.name && d.name !== d.id ? `${d.name} (${d.id})` : d.id} · {d.kind}
                      </option>
                    ))}
                  </select>
                </label>
                <FileField
                  accept=".txt,.rules,.iptables-save,text/plain"
                  label={`${dumpInfo.label} from a file`}
                  onText={(t) => setDumps((d) => ({ ...d, [dumpKey]: t }))}
                />
              </div>
              <div className="import__dumps" role="group" aria-label="Which output">
                {DUMPS.map((d) => {
                  const lines = dumps[d.key].split('\n').filter((l) => l.trim()).length;
                  return (
                    <button
                      key={d.key}
                      type="button"
                      className="import__dump"
                      aria-pressed={dumpKey === d.key}
                      data-testid={`import-dump-${d.label.replace(/ /g, '-')}`}
                      onClick={() => setDumpKey(d.key)}
                    >
                      <code>{d.command}</code>
                      {lines > 0 && <span className="badge">{lines}</span>}
                    </button>
                  );
                })}
              </div>
            </>
          )}
          {(tab !== 'device' || device) && (
            <label className="field field--bare">
              <span className="field__label">
                {tab === 'lab'
                  ? 'Lab file text'
                  : tab === 'script'
                    ? 'Script'
                    : `Output of “${dumpInfo.command}” on ${device?.id}`}
              </span>
              <textarea
                className="import__text"
                data-testid="import-text"
                value={text}
                spellCheck={false}
                aria-invalid={shownFailure ? true : undefined}
                placeholder={
                  tab === 'lab'
                    ? '{\n  "schemaVersion": 2,\n  "name": "…",\n  …\n}'
                    : tab === 'script'
                      ? 'ip netns add r1\nip -n r1 link set lo up\n…'
                      : dumpInfo.example
                }
                onChange={(e) => setText(e.target.value)}
              />
            </label>
          )}
          {shownFailure && <ImportProblems failure={shownFailure} />}
          {shownDone && (
            <div className="import__done" data-testid="import-done" role="status">
              <strong>{shownDone.title}</strong>
              <ul>
                {shownDone.problems.map((p, i) => (
                  <li key={i}>
                    {p.where && <span className="import__where">{p.where}</span>}
                    {p.where && ': '}
                    {p.message}
                    {p.detail && <code className="import__cmd">{p.detail}</code>}
                  </li>
                ))}
              </ul>
            </div>
          )}
        </div>
      </div>
    </Dialog>
  );
}

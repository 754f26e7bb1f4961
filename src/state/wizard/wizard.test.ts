import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DeviceDoc, LabDocument } from '../../engine/lab/format.ts';
import { deriveLab } from '../lint-lab.ts';
import { createLabStore, emptyLab, labActions } from '../lab-store.ts';
import {
  addIsolated,
  addMapping,
  applyPlan,
  checkStep,
  fieldOfPath,
  firstInvalidStep,
  hasErrors,
  initialAnswers,
  NEW_BACKUP_SERVER,
  NEW_NETWORK,
  planWizard,
  prefillSettings,
  proposeMapping,
  readiness,
  removeIsolated,
  setAnswer,
  wizardContext,
  wizardSteps,
  type WizardAnswers,
} from './index.ts';

const lab = (name: string): LabDocument =>
  JSON.parse(
    readFileSync(path.resolve(import.meta.dirname, `../../../public/labs/${name}.lab.json`), 'utf8'),
  ) as LabDocument;

/** Types a list of answers, as the user would, one field after another. */
function answer(doc: LabDocument, fields: Record<string, unknown>, a = initialAnswers(doc)): WizardAnswers {
  for (const [f, v] of Object.entries(fields)) a = setAnswer(doc, a, f, v);
  return a;
}

/** The seed's answers (seed 000: "The Configuration"), in an empty lab. */
function seedAnswers(doc: LabDocument = emptyLab()): WizardAnswers {
  const a = answer(doc, {
    name: 'vLab',
    'production.name': 'VM Network',
    'production.subnet': '192.168.149.0/24',
    'production.gateway': '192.168.149.2',
    'production.dns': '192.168.149.20',
    'production.vlan': '0',
    'appliance.name': 'vLab proxy appliance',
    'appliance.ip': '192.168.149.50/24',
    backupServerIp: '192.168.149.22/24',
    mode: 'basic-single-host',
  });
  // entering Network settings fills in the vNIC and the masquerade proposal
  return prefillSettings(wizardContext(doc, a));
}

/** The generated appliance of a lab, as the kernel would run it (MACs aside). */
function appliance(doc: LabDocument, id: string) {
  const d = deriveLab(doc);
  const dev = d.expanded?.devices.find((x) => x.id === id) as DeviceDoc;
  expect(dev).toBeDefined();
  return {
    interfaces: dev.interfaces.map((i) => ({ name: i.name, addresses: i.addresses })),
    sysctls: dev.sysctls,
    routes: dev.routes,
    rules: dev.rules,
    iptables: dev.iptables,
  };
}

describe('the new-virtual-lab wizard', () => {
  it('walks the steps of Veeam’s wizard; static mapping only in the advanced modes', () => {
    expect(wizardSteps({ mode: 'basic-single-host' })).toEqual([
      'name',
      'proxy',
      'networking',
      'isolated',
      'settings',
      'ready',
    ]);
    expect(wizardSteps({ mode: 'advanced-multi-host' })).toContain('mappings');
  });

  it('starts from the lab: its production network, its backup server, a free name', () => {
    const doc = lab('surebackup-basic');
    const a = initialAnswers(doc);
    expect(a.production.choice).toBe('prod');
    expect(a.backupServer).toBe('vbs');
    expect(a.name).toBe('vLab 2');
    expect(a.isolated).toHaveLength(1);
    // named after the production network, unlike the lab's own isolated network
    expect(a.isolated[0]).toMatchObject({ productionNetwork: 'prod', name: 'vLab VM Network 2', vlan: '0' });
    const empty = initialAnswers(emptyLab());
    expect(empty.production.choice).toBe(NEW_NETWORK);
    expect(empty.backupServer).toBe(NEW_BACKUP_SERVER);
  });

  it('turns the seed’s answers into a design that compiles and lints clean, with the example’s appliance rules', () => {
    const doc = emptyLab();
    const a = seedAnswers(doc);
    expect(a.isolated[0]).toMatchObject({
      name: 'vLab VM Network',
      vnicIp: '192.168.149.2/24',
      masquerade: '192.168.150.0/24',
    });
    const ctx = wizardContext(doc, a);
    expect(ctx.suggest.masquerade[0]?.why).toMatch(/first \/24 after 192\.168\.149\.0\/24/);
    for (const s of wizardSteps(a))
      expect(checkStep(ctx, s).filter((p) => p.severity === 'error')).toEqual([]);
    expect(firstInvalidStep(ctx)).toBeUndefined();

    const r = readiness(ctx);
    expect(r.errors).toEqual([]);
    expect(r.derived.network).toBeDefined();
    expect(r.derived.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r.plan.lab).toMatchObject({
      name: 'vLab',
      mode: 'basic-single-host',
      appliance: { id: 'vlab', productionNetwork: 'prod', ip: '192.168.149.50/24' },
      isolatedNetworks: [
        {
          segment: 'iso',
          productionNetwork: 'prod',
          vlan: 0,
          vnicIp: '192.168.149.2/24',
          masquerade: '192.168.150.0/24',
        },
      ],
      backupServer: 'vbs',
    });
    expect(r.doc.segments.map((s) => [s.id, s.kind])).toEqual([
      ['prod', 'production'],
      ['iso', 'isolated'],
    ]);
    expect(r.doc.devices[0]).toMatchObject({
      id: 'vbs',
      role: 'backup-server',
      interfaces: [{ segment: 'prod', addresses: ['192.168.149.22/24'] }],
      routes: [{ to: 'default', via: '192.168.149.2' }],
    });
    const rules = appliance(r.doc, 'vlab');
    expect(JSON.stringify(rules.iptables)).toMatch(/NETMAP/);
    expect(rules).toEqual(appliance(lab('surebackup-basic'), 'vlab'));
  });

  it('lays the result out: production bar on top, appliance in the middle, isolated network below', () => {
    const plan = planWizard(wizardContext(emptyLab(), seedAnswers()));
    const { vbs, prod, vlab, iso } = plan.layout as Record<string, { x: number; y: number; width?: number }>;
    expect(vbs!.y).toBeLessThan(prod!.y);
    expect(prod!.y).toBeLessThan(vlab!.y);
    expect(vlab!.y).toBeLessThan(iso!.y);
    expect(vlab!.x).toBeGreaterThan(prod!.x);
    expect(vlab!.x + 250).toBeLessThan(prod!.x + prod!.width!);
  });

  it('places a second virtual lab beside what the lab draws, without overlapping it', () => {
    const doc = lab('surebackup-basic');
    let a = answer(doc, { 'appliance.ip': '', name: 'Second lab' });
    a = prefillSettings(wizardContext(doc, a));
    const ctx = wizardContext(doc, a);
    expect(ctx.effective.applianceIp).toBe('192.168.149.51/24');
    expect(a.isolated[0]!.masquerade).toBe('192.168.151.0/24');
    const r = readiness(ctx);
    expect(r.errors).toEqual([]);
    // the existing production bar keeps its place and is stretched over the new column
    const { prod, ...added } = r.plan.layout;
    expect(prod).toMatchObject({ x: 0, y: 200 });
    expect(prod!.width).toBeGreaterThan(700);
    const box = (id: string, p: { x: number; y: number; width?: number }) => {
      const seg = r.doc.segments.some((s) => s.id === id);
      const app = r.doc.virtualLabs!.some((v) => v.appliance.id === id);
      return { x: p.x, y: p.y, w: p.width ?? (app ? 250 : 172), h: seg ? 48 : app ? 74 : 62 };
    };
    const overlap = (u: ReturnType<typeof box>, v: ReturnType<typeof box>) =>
      u.x < v.x + v.w && v.x < u.x + u.w && u.y < v.y + v.h && v.y < u.y + u.h;
    for (const [id, p] of Object.entries(added)) {
      expect(id in doc.layout!).toBe(false);
      for (const [oid, o] of Object.entries(doc.layout!))
        expect(overlap(box(id, p), box(oid, o)), `${id} × ${oid}`).toBe(false);
    }
    expect(added['vlab2']!.y).toBeGreaterThan(prod!.y);
    expect(added['iso2']!.y).toBeGreaterThan(added['vlab2']!.y);
    // the existing backup server is used, none is added
    expect(r.plan.devices).toEqual([]);
    expect(r.plan.lab.backupServer).toBe('vbs');
    expect(r.doc.segments.slice(0, doc.segments.length)).toEqual(doc.segments);
  });

  it('places everything under the drawing when the production network is new', () => {
    const doc = lab('surebackup-basic');
    const a = answer(doc, {
      'production.choice': NEW_NETWORK,
      'production.subnet': '10.1.0.0/24',
      'production.gateway': '10.1.0.1',
      backupServer: NEW_BACKUP_SERVER,
    });
    const plan = planWizard(wizardContext(doc, a));
    const bottom = Math.max(...Object.values(doc.layout!).map((p) => p.y + 74));
    expect(Object.keys(plan.layout).sort()).toEqual(['iso2', 'prod2', 'vbs2', 'vlab2']);
    for (const p of Object.values(plan.layout)) expect(p.y).toBeGreaterThan(bottom);
    expect(plan.layout['vbs2']!.y).toBeLessThan(plan.layout['prod2']!.y);
  });

  it('a masquerade network that overlaps production is an error with the fix, and blocks Finish', () => {
    const doc = emptyLab();
    const a = setAnswer(doc, seedAnswers(doc), 'isolated.0.masquerade', '192.168.149.0/24');
    const ctx = wizardContext(doc, a);
    const p = checkStep(ctx, 'settings').find((x) => x.field === 'isolated.0.masquerade');
    expect(p?.severity).toBe('error');
    expect(p?.message).toMatch(/Overlaps production network "VM Network" \(192\.168\.149\.0\/24\)/);
    expect(p?.fix).toEqual({ label: 'Use 192.168.150.0/24', value: '192.168.150.0/24' });
    expect(firstInvalidStep(ctx)).toBe('settings');
    const r = readiness(ctx);
    expect(r.errors.map((e) => e.diagnostic.code)).toContain('VL-05');
    const vl05 = r.errors.find((e) => e.diagnostic.code === 'VL-05')!;
    expect(vl05.field).toBe('isolated.0.masquerade');
    expect(vl05.step).toBe('settings');
    // a masquerade of another size
    const b = setAnswer(doc, a, 'isolated.0.masquerade', '10.0.0.0/16');
    expect(checkStep(wizardContext(doc, b), 'settings')[0]?.message).toMatch(
      /isolated network’s size \(\/24\)/,
    );
  });

  it('says how to fix the proxy step: addresses outside the network, taken, without a length', () => {
    const doc = lab('surebackup-basic');
    const check = (fields: Record<string, unknown>) =>
      checkStep(wizardContext(doc, answer(doc, fields)), 'proxy').filter((p) => p.field === 'appliance.ip');
    expect(check({ 'appliance.ip': '10.1.1.1/24' })[0]?.message).toMatch(
      /not in VM Network \(192\.168\.149\.0\/24\): pick a free address there, e\.g\. 192\.168\.149\.51\/24/,
    );
    expect(check({ 'appliance.ip': '192.168.149.22/24' })[0]?.message).toMatch(
      /already used by Veeam Backup Server \(vbs\)/,
    );
    expect(check({ 'appliance.ip': '192.168.149.2/24' })[0]?.message).toMatch(/production gateway/);
    expect(check({ 'appliance.ip': '192.168.149.60' })[0]?.message).toMatch(
      /Add the prefix length: 192\.168\.149\.60\/24/,
    );
    expect(check({ 'appliance.ip': '192.168.149.60' })[0]?.fix?.value).toBe('192.168.149.60/24');
    expect(check({ 'appliance.ip': '192.168.149.60/16' })[0]?.fix?.value).toBe('192.168.149.60/24');
    expect(check({ 'appliance.ip': '192.168.149.60/24' })).toEqual([]);
    // empty: the proposal is used
    expect(check({ 'appliance.ip': '' })).toEqual([]);
  });

  it('a new production network needs a subnet; the gateway must be in it', () => {
    const doc = emptyLab();
    let ps = checkStep(wizardContext(doc, initialAnswers(doc)), 'proxy');
    expect(ps.find((p) => p.field === 'production.subnet')).toMatchObject({ severity: 'error', empty: true });
    ps = checkStep(
      wizardContext(
        doc,
        answer(doc, { 'production.subnet': '10.0.0.0/24', 'production.gateway': '10.0.1.1' }),
      ),
      'proxy',
    );
    expect(ps.find((p) => p.field === 'production.gateway')?.message).toMatch(/not in 10\.0\.0\.0\/24/);
    ps = checkStep(wizardContext(doc, answer(doc, { 'production.subnet': '10.0.0.1/24' })), 'proxy');
    expect(ps.find((p) => p.field === 'production.subnet')?.message).toMatch(
      /host bits set — the network is 10\.0\.0\.0\/24/,
    );
  });

  it('isolated networks: one per production network, Veeam’s name rules, at most 9', () => {
    const doc = lab('surebackup-multi-network');
    const bare: LabDocument = { ...doc, virtualLabs: [] };
    let a = answer(bare, { mode: 'advanced-single-host' });
    a = addIsolated(bare, a);
    expect(a.isolated.map((n) => [n.productionNetwork, n.name, n.vlan])).toEqual([
      ['prod', 'vLab VM Network 2', '0'],
      ['dmz', 'vLab DMZ 2', '20'],
    ]);
    let b = setAnswer(bare, a, 'isolated.1.productionNetwork', 'prod');
    expect(
      checkStep(wizardContext(bare, b), 'isolated')
        .map((p) => p.message)
        .join('\n'),
    ).toMatch(/“VM Network” is already mirrored by isolated network 1/);
    b = setAnswer(bare, a, 'isolated.1.name', 'DMZ <copy>');
    expect(checkStep(wizardContext(bare, b), 'isolated')[0]?.message).toMatch(/does not allow “<” “>”/);
    // back to basic: one network, the appliance's
    const basic = setAnswer(bare, a, 'mode', 'basic-single-host');
    expect(basic.isolated).toHaveLength(1);
    expect(removeIsolated(bare, a, 0).isolated.map((n) => n.productionNetwork)).toEqual(['dmz']);
  });

  it('an advanced lab with two networks and a static mapping lints clean and maps back to its fields', () => {
    const doc: LabDocument = { ...lab('surebackup-multi-network'), virtualLabs: [] };
    let a = answer(doc, { mode: 'advanced-single-host' });
    a = addIsolated(doc, a);
    a = prefillSettings(wizardContext(doc, a));
    expect(a.isolated.map((n) => [n.vnicIp, n.masquerade])).toEqual([
      ['192.168.149.2/24', '192.168.150.0/24'],
      ['10.10.20.1/24', '10.10.21.0/24'],
    ]);
    a = addMapping(wizardContext(doc, a));
    expect(a.mappings[0]).toMatchObject({ productionNetwork: 'prod', isolatedIp: '192.168.149.36' });
    expect(a.mappings[0]!.accessIp).toMatch(/^192\.168\.149\.1\d\d$/);
    const ctx = wizardContext(doc, a);
    expect(checkStep(ctx, 'mappings')).toEqual([]);
    const r = readiness(ctx);
    expect(r.errors).toEqual([]);
    expect(r.plan.lab.staticMappings).toHaveLength(1);
    expect(fieldOfPath(r.plan, 'virtualLabs[0].staticMappings[0].accessIp')).toBe('mappings.0.accessIp');
    expect(fieldOfPath(r.plan, 'virtualLabs[0].isolatedNetworks[1].vnicIp')).toBe('isolated.1.vnicIp');
    expect(fieldOfPath(r.plan, 'virtualLabs[0].appliance.ip')).toBe('appliance.ip');
    expect(fieldOfPath(r.plan, `segments[${doc.segments.length}]`)).toBe('isolated.0.name');
    expect(fieldOfPath(r.plan, 'devices[0]')).toBeUndefined();

    // a taken access IP is an error, with a free one to use
    const taken = setAnswer(doc, a, 'mappings.0.accessIp', '192.168.149.22');
    const p = checkStep(wizardContext(doc, taken), 'mappings')[0];
    expect(p?.message).toMatch(/already used by Veeam Backup Server/);
    expect(hasErrors([p!])).toBe(true);
    expect(p?.fix?.value).toMatch(/^192\.168\.149\.\d+$/);
  });

  it('Finish is one undoable step; “start a new lab” replaces the document, undo brings it back', () => {
    const store = createLabStore(lab('surebackup-basic'));
    const act = labActions(store);
    const before = store.getState().doc;
    const doc = store.getState().doc;
    let a = answer(doc, { target: 'new' });
    expect(a.production.choice).toBe(NEW_NETWORK);
    a = seedAnswers(doc);
    a = setAnswer(doc, a, 'target', 'new');
    const plan = planWizard(wizardContext(doc, prefillSettings(wizardContext(doc, a))));
    act.run('New virtual lab', (d) => applyPlan(d, plan));
    const after = store.getState().doc;
    expect(store.getState().history.past).toHaveLength(1);
    expect(after.devices.map((d) => d.id)).toEqual(['vbs']);
    expect(after.virtualLabs?.map((v) => v.appliance.id)).toEqual(['vlab']);
    expect(deriveLab(after).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    act.undo();
    expect(store.getState().doc).toEqual(before);
  });

  it('proposes a valid static mapping for the address plan: an unmapped lab VM, a free access IP', () => {
    const doc = lab('surebackup-static-mapping');
    // sf0006-copy (.36) is mapped already: with nothing else drawn, a free host of the network
    const m = proposeMapping(doc, 0)!;
    expect(m.productionNetwork).toBe('prod');
    expect(m.isolatedIp).not.toBe('192.168.149.36');
    expect(m.accessIp).toBe('192.168.149.100');
    const next: LabDocument = {
      ...doc,
      virtualLabs: [
        { ...doc.virtualLabs![0]!, staticMappings: [...doc.virtualLabs![0]!.staticMappings!, m] },
      ],
    };
    expect(deriveLab(next).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    // a drawn lab VM without a mapping is proposed first
    const basic = lab('surebackup-basic');
    expect(proposeMapping(basic, 0)).toMatchObject({
      isolatedIp: '192.168.149.36',
      accessIp: '192.168.149.100',
    });
    expect(proposeMapping(basic, 3)).toBeUndefined();
  });
});

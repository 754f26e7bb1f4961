/**
 * `iptables [-t TABLE] -S [CHAIN]` and `iptables-save [-t TABLE]` as natlab's read-only console runs
 * them: iptables 1.8.9's option parsing (getopt_long, clustered short options, `--opt=value`), its
 * error texts and exit codes; commands that change the ruleset are refused.
 */
import type { Device } from '../model/device.ts';
import { TABLES, type Ruleset, type TableName } from '../model/netfilter.ts';
import { formatIptablesS, formatIptablesSave } from '../netfilter/iptables-save.ts';
import { readOnly, unsupported } from './console-errors.ts';
import type { CommandOutput } from './ip-route-get.ts';

const PROG = 'iptables v1.8.9 (nf_tables)';
const TRY = "Try `iptables -h' or 'iptables --help' for more information.\n";

const usage = (msg: string): CommandOutput => ({ stdout: '', stderr: `${PROG}: ${msg}\n${TRY}`, code: 2 });

/** Short options of `iptables` (xtables `optstring_lookup`): those taking an argument, the writes, all. */
// prettier-ignore
const WITH_ARG = new Set(['A', 'C', 'D', 'R', 'I', 'M', 'N', 'E', 'P', 'o', 'p', 's', 'd', 'j', 'i', 'c', 'g', 't', 'm']);
const WRITE_SHORT = new Set(['A', 'D', 'R', 'I', 'F', 'Z', 'N', 'X', 'E', 'P']);
// prettier-ignore
const KNOWN_SHORT = new Set([...WITH_ARG, 'L', 'S', 'F', 'Z', 'X', 'V', 'h', 'f', 'b', 'v', 'w', 'W', 'n', 'x', '4', '6']);
/** Long options (`original_opts[]`) as the short option they stand for. */
// prettier-ignore
const LONG: Record<string, string> = {
  append: 'A', check: 'C', delete: 'D', insert: 'I', replace: 'R', list: 'L', 'list-rules': 'S', flush: 'F',
  zero: 'Z', 'new-chain': 'N', 'delete-chain': 'X', 'rename-chain': 'E', policy: 'P', version: 'V', help: 'h',
  table: 't', verbose: 'v', numeric: 'n', exact: 'x', 'line-numbers': '0', ipv4: '4', ipv6: '6',
};

function tableMissing(t: string): CommandOutput {
  return {
    stdout: '',
    stderr: `${PROG}: table '${t}' does not exist\nPerhaps iptables or your kernel needs to be upgraded.\n`,
    code: 3,
  };
}

/** Runs `iptables ARGS…` (argv without the leading `iptables`). */
export function runIptables(device: Device, args: readonly string[]): CommandOutput {
  const argv = ['iptables', ...args];
  let table = 'filter';
  let list = false;
  let chain: string | undefined;
  for (let k = 0; k < args.length; k++) {
    const a = args[k]!;
    let opts: { o: string; value?: string }[];
    if (a.startsWith('--')) {
      const [name = '', value] = a.slice(2).split(/=(.*)/s);
      const o = LONG[name] ?? Object.entries(LONG).find(([l]) => l.startsWith(name))?.[1];
      if (o === undefined) return usage(`unknown option "${a}"`);
      opts = [{ o, ...(value !== undefined ? { value } : {}) }];
    } else if (a.startsWith('-') && a.length > 1) {
      opts = [];
      for (let c = 1; c < a.length; c++) {
        const o = a[c]!;
        if (!KNOWN_SHORT.has(o)) return usage(`unknown option "-${o}"`);
        const rest = a.slice(c + 1);
        if (WITH_ARG.has(o) || o === 'S') {
          opts.push({ o, ...(rest !== '' ? { value: rest } : {}) });
          break;
        }
        opts.push({ o });
      }
    } else {
      return usage(`Bad argument \`${a}'`);
    }
    for (const { o, value } of opts) {
      if (o === 't') {
        const t = value ?? args[++k];
        if (t === undefined) return usage('option "-t" requires an argument');
        table = t;
      } else if (o === 'S') {
        if (list) return usage('Cannot use -S with -S');
        list = true;
        chain = value;
        const next = args[k + 1];
        if (chain === undefined && next !== undefined && !next.startsWith('-') && !next.startsWith('!'))
          chain = args[++k];
        const num = args[k + 1];
        if (chain !== undefined && num !== undefined && !num.startsWith('-') && !num.startsWith('!'))
          return /^\d+$/.test(num)
            ? unsupported(argv, 'listing one rule by number is not supported')
            : usage(`Invalid rule number \`${num}'`);
      } else if (WRITE_SHORT.has(o) || o === 'C') {
        return o === 'C' ? unsupported(argv, 'checking for a rule is not supported') : readOnly(argv);
      } else if (o === 'V') {
        return { stdout: `${PROG}\n`, stderr: '', code: 0 };
      } else if (o === '4') {
        continue;
      } else if (o === 'L') {
        return unsupported(argv, 'natlab lists rules with -S');
      } else {
        return unsupported(argv, `the option ${o.length === 1 && o !== '0' ? `-${o}` : a} is not supported`);
      }
    }
  }
  if (!list) return usage('no command specified');
  if (!(TABLES as readonly string[]).includes(table)) return tableMissing(table);
  const r = formatIptablesS(device.ruleset, table as TableName, chain);
  if (!r.ok) return { stdout: '', stderr: r.error.endsWith('\n') ? r.error : `${r.error}\n`, code: 1 };
  return { stdout: r.value, stderr: '', code: 0 };
}

const SAVE_HELP = "Look at manual page `iptables-save.8' for more information.\n";
const SAVE_UNSUPPORTED = new Set(['-c', '--counters', '-M', '--modprobe', '-f', '--file']);
const saveError = (stderr: string): CommandOutput => ({ stdout: '', stderr, code: 1 });

/** Runs `iptables-save ARGS…`; `date` is what the `# Generated … on DATE` lines say. */
export function runIptablesSave(device: Device, args: readonly string[], date?: string): CommandOutput {
  const argv = ['iptables-save', ...args];
  let table: string | undefined;
  for (let k = 0; k < args.length; k++) {
    const a = args[k]!;
    const inline = /^(?:-t|--table=)(.+)$/.exec(a)?.[1];
    if (inline !== undefined || a === '-t' || a === '--table') {
      table = inline ?? args[++k];
      if (table === undefined)
        return saveError(`iptables-save: option requires an argument -- 't'\n${SAVE_HELP}`);
    } else if (SAVE_UNSUPPORTED.has(a)) {
      return unsupported(argv, `the option ${a} is not supported`);
    } else if (a.startsWith('-')) {
      return saveError(
        `iptables-save: invalid option -- '${a.replace(/^-+/, '').slice(0, 1)}'\n${SAVE_HELP}`,
      );
    } else {
      return saveError('Unknown arguments found on commandline\n');
    }
  }
  if (table !== undefined && !(TABLES as readonly string[]).includes(table))
    return saveError(`Table \`${table}' does not exist\n`);
  // With -t, iptables-nft prints a table's built-in chains even when the table was never created.
  const t = table as TableName | undefined;
  const ruleset: Ruleset =
    t === undefined
      ? device.ruleset
      : new Map([[t, device.ruleset.get(t) ?? { name: t, chains: new Map() }]]);
  return { stdout: formatIptablesSave(ruleset, date !== undefined ? { date } : {}), stderr: '', code: 0 };
}

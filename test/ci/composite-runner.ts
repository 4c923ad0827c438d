/**
 * Runs a composite action's steps as GitHub's runner does, so a test can run action.yml itself:
 * each `run:` is written to a file and run with `bash --noprofile --norc -eo pipefail` (what
 * `shell: bash` means), with the step's `env:` evaluated from the inputs, and GITHUB_OUTPUT,
 * GITHUB_PATH, GITHUB_ENV and GITHUB_STEP_SUMMARY as files read back after the step. A step that
 * fails ends the run, as the runner skips the rest. `uses:` steps are skipped only when the caller
 * says so (setup-node: the test runs on the machine's Node). An expression the runner would
 * evaluate but this one does not know is an error, never an empty string.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  with?: Record<string, unknown>;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
  'working-directory'?: string;
  [key: string]: unknown;
}

export interface CompositeAction {
  inputs: Record<string, { default?: string; required?: boolean }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

export interface StepResult {
  id?: string;
  name?: string;
  /** null for a skipped `uses:` step. */
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
}

export interface ActionResult {
  /** The exit code of the last step that ran: what fails or passes the job's step. */
  code: number;
  steps: StepResult[];
  outputs: Record<string, string>;
  /** What the steps appended to the step summary. */
  summary: string;
  /** Directories the steps added to PATH (GITHUB_PATH), for later steps of the job. */
  path: string[];
}

export interface RunOptions {
  inputs: Record<string, string>;
  /** GITHUB_WORKSPACE, and the working directory of every step. */
  workspace: string;
  /** RUNNER_TEMP; kept across runs of one job. */
  runnerTemp: string;
  env: NodeJS.ProcessEnv;
  /** `uses:` steps for which this returns true are skipped; any other `uses:` is an error. */
  skipUses: (uses: string, step: Step) => boolean;
}

export function readAction(file: string): CompositeAction {
  return parse(fs.readFileSync(file, 'utf8')) as CompositeAction;
}

/** `name=value` lines and `name<<DELIMITER` blocks, as GITHUB_OUTPUT and GITHUB_ENV hold them. */
export function parseCommandFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line === '') continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2], i + 1);
      if (end < 0) throw new Error(`unterminated ${heredoc[1]}<<${heredoc[2]}`);
      out[heredoc[1]] = lines.slice(i + 1, end).join('\n');
      i = end;
      continue;
    }
    const eq = line.indexOf('=');
    if (eq <= 0) throw new Error(`not a name=value line: ${JSON.stringify(line)}`);
    out[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return out;
}

function run(file: string, cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', file], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

export async function runCompositeAction(actionDir: string, opts: RunOptions): Promise<ActionResult> {
  const action = readAction(path.join(actionDir, 'action.yml'));
  if (action.runs.using !== 'composite') throw new Error(`not a composite action: runs.using is ${action.runs.using}`);
  for (const name of Object.keys(opts.inputs)) {
    if (!(name in action.inputs)) throw new Error(`input ${name} is not declared in action.yml`);
  }
  const inputs: Record<string, string> = {};
  for (const [name, spec] of Object.entries(action.inputs)) inputs[name] = opts.inputs[name] ?? String(spec.default ?? '');

  const stepOutputs: Record<string, Record<string, string>> = {};
  const evaluate = (text: string): string =>
    text.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_m, expr: string) => {
      let m: RegExpExecArray | null;
      if ((m = /^inputs\.([\w-]+)$/.exec(expr))) {
        if (!(m[1] in inputs)) throw new Error(`\${{ ${expr} }}: no such input`);
        return inputs[m[1]];
      }
      if ((m = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(expr))) return stepOutputs[m[1]]?.[m[2]] ?? '';
      if (expr === 'github.action_path') return actionDir;
      if (expr === 'github.workspace') return opts.workspace;
      if (expr === 'runner.temp') return opts.runnerTemp;
      throw new Error(`\${{ ${expr} }}: this runner does not evaluate it`);
    });

  const files = fs.mkdtempSync(path.join(opts.runnerTemp, '_runner_file_commands-'));
  const addedPath: string[] = [];
  const addedEnv: Record<string, string> = {};
  const steps: StepResult[] = [];
  let summary = '';
  let code = 0;
  for (const [i, step] of action.runs.steps.entries()) {
    for (const key of ['if', 'continue-on-error', 'timeout-minutes']) {
      if (key in step) throw new Error(`step ${i}: ${key} is not supported by this runner`);
    }
    if (step.uses) {
      if (!opts.skipUses(step.uses, step)) throw new Error(`step ${i}: uses ${step.uses}, which this runner cannot run`);
      steps.push({ id: step.id, name: step.name, code: null, stdout: '', stderr: '', outputs: {} });
      continue;
    }
    if (step.shell !== 'bash')
      throw new Error(`step ${i}: shell ${step.shell}; a composite run step must name its shell, and this runner knows bash`);
    if (/\$\{\{/.test(step.run ?? '')) throw new Error(`step ${i}: an expression in run: is spliced into the script; pass it through env:`);
    const script = path.join(files, `step-${i}.sh`);
    fs.writeFileSync(script, step.run ?? '');
    const commandFiles = Object.fromEntries(
      ['GITHUB_OUTPUT', 'GITHUB_PATH', 'GITHUB_ENV', 'GITHUB_STEP_SUMMARY'].map((k) => {
        const f = path.join(files, `${k.toLowerCase()}-${i}`);
        fs.writeFileSync(f, '');
        return [k, f];
      }),
    );
    const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, evaluate(String(v))]));
    const env: NodeJS.ProcessEnv = {
      ...opts.env,
      ...addedEnv,
      PATH: [...addedPath, opts.env.PATH ?? ''].join(path.delimiter),
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_ACTION_PATH: actionDir,
      GITHUB_WORKSPACE: opts.workspace,
      RUNNER_TEMP: opts.runnerTemp,
      ...commandFiles,
      ...stepEnv,
    };
    const cwd = step['working-directory'] ? path.resolve(opts.workspace, evaluate(step['working-directory'])) : opts.workspace;
    const r = await run(script, cwd, env);
    const outputs = parseCommandFile(fs.readFileSync(commandFiles.GITHUB_OUTPUT, 'utf8'));
    if (step.id) stepOutputs[step.id] = outputs;
    // The runner prepends each new directory, so the last one added comes first.
    for (const dir of fs.readFileSync(commandFiles.GITHUB_PATH, 'utf8').split('\n').filter(Boolean)) addedPath.unshift(dir);
    Object.assign(addedEnv, parseCommandFile(fs.readFileSync(commandFiles.GITHUB_ENV, 'utf8')));
    summary += fs.readFileSync(commandFiles.GITHUB_STEP_SUMMARY, 'utf8');
    steps.push({ id: step.id, name: step.name, code: r.code, stdout: r.stdout, stderr: r.stderr, outputs });
    code = r.code;
    if (r.code !== 0) break;
  }
  const outputs = Object.fromEntries(Object.entries(action.outputs).map(([name, o]) => [name, evaluate(o.value)]));
  return { code, steps, outputs, summary, path: addedPath };
}

// The exact `labcheck ...` lines of the CI files labcheck ships, with the variables each file sets
// where the line runs: so a test can run what a teacher's CI will run, against the real engine.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { packageRoot } from '../../src/paths.js';

export type CiKind = 'github' | 'gitlab' | 'kubernetes';

/** The CI files, relative to the package root. */
export const CI_FILES = {
  studentGithub: 'examples/student-repo/.github/workflows/labcheck.yml',
  studentGitlab: 'examples/student-repo/.gitlab-ci.yml',
  classGithub: 'examples/ci/github-actions.yml',
  classGitlab: 'examples/ci/gitlab-ci.yml',
  classKubernetesGrade: 'examples/ci/kubernetes/grade-job.yaml',
  classKubernetesMerge: 'examples/ci/kubernetes/merge-job.yaml',
} as const;

export interface CiCommand {
  /** The CI file, relative to the package root. */
  file: string;
  kind: CiKind;
  /** The job (GitHub, GitLab) or Job (Kubernetes) the line is in. */
  job: string;
  /** run: a student's repository; shard: `labcheck grade ... --shard`; merge: `labcheck merge`. */
  role: 'run' | 'shard' | 'merge';
  /** The shell line exactly as the file has it (e.g. with `|| [ $? -eq 1 ]`), for `sh -c`. */
  line: string;
  /** The labcheck invocation alone: the line up to its first ` || `. */
  command: string;
  /** Variables the file sets where the line runs, values as written (GitHub expressions unresolved). */
  env: Record<string, string>;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (v: unknown): Record<string, string> =>
  isObj(v) ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, String(x)])) : {};

/** Shell lines of a script, `\`-continued lines joined; only those that run labcheck itself. */
function labcheckLines(script: string): string[] {
  return script
    .replace(/\\\n\s*/g, '')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /^labcheck\s/.test(l));
}

function toCommand(file: string, kind: CiKind, job: string, line: string, env: Record<string, string>): CiCommand {
  const command = line.split(' || ')[0]!.trim();
  const sub = command.split(/\s+/)[1];
  const role = sub === 'merge' ? 'merge' : sub === 'grade' ? 'shard' : 'run';
  return { file, kind, job, role, line, command, env };
}

function fromGithub(file: string, doc: Obj): CiCommand[] {
  const out: CiCommand[] = [];
  for (const [job, def] of Object.entries(isObj(doc.jobs) ? doc.jobs : {})) {
    if (!isObj(def)) continue;
    for (const step of Array.isArray(def.steps) ? def.steps : []) {
      if (!isObj(step) || typeof step.run !== 'string') continue;
      const env = { ...strings(doc.env), ...strings(def.env), ...strings(step.env) };
      for (const line of labcheckLines(step.run)) out.push(toCommand(file, 'github', job, line, env));
    }
  }
  return out;
}

const GITLAB_KEYWORDS = new Set(['stages', 'variables', 'default', 'include', 'workflow', 'image', 'services', 'cache', 'before_script', 'after_script']);

function fromGitlab(file: string, doc: Obj): CiCommand[] {
  const out: CiCommand[] = [];
  for (const [job, def] of Object.entries(doc)) {
    if (GITLAB_KEYWORDS.has(job) || job.startsWith('.') || !isObj(def)) continue;
    const env = { ...strings(doc.variables), ...strings(def.variables) };
    for (const part of [def.before_script, def.script, def.after_script]) {
      const lines = Array.isArray(part) ? part.map(String) : typeof part === 'string' ? [part] : [];
      for (const line of lines.flatMap(labcheckLines)) out.push(toCommand(file, 'gitlab', job, line, env));
    }
  }
  return out;
}

function fromKubernetes(file: string, docs: Obj[]): CiCommand[] {
  const configMaps = new Map(docs.filter((d) => d.kind === 'ConfigMap').map((d) => [String((d.metadata as Obj).name), strings(d.data)]));
  // merge-job.yaml uses the ConfigMap grade-job.yaml defines.
  if (!docs.some((d) => d.kind === 'ConfigMap') && file !== CI_FILES.classKubernetesGrade) {
    for (const d of loadAll(CI_FILES.classKubernetesGrade)) if (d.kind === 'ConfigMap') configMaps.set(String((d.metadata as Obj).name), strings(d.data));
  }
  const out: CiCommand[] = [];
  for (const doc of docs.filter((d) => d.kind === 'Job')) {
    const job = String((doc.metadata as Obj).name);
    const pod = ((doc.spec as Obj).template as Obj).spec as Obj;
    for (const container of (pod.containers as Obj[]) ?? []) {
      const env: Record<string, string> = {};
      for (const from of (container.envFrom as Obj[]) ?? []) Object.assign(env, configMaps.get(String((from.configMapRef as Obj).name)) ?? {});
      for (const e of (container.env as Obj[]) ?? []) if (typeof e.value === 'string') env[String(e.name)] = e.value;
      const script = [...((container.command as string[]) ?? []), ...((container.args as string[]) ?? [])].join('\n');
      for (const line of labcheckLines(script)) out.push(toCommand(file, 'kubernetes', job, line, env));
    }
  }
  return out;
}

function loadAll(file: string): Obj[] {
  return parseAllDocuments(readFileSync(join(packageRoot, file), 'utf8')).map((d) => d.toJS() as Obj);
}

function kindOf(file: string): CiKind {
  if (file.includes('/kubernetes/')) return 'kubernetes';
  return file.includes('.github/workflows/') || file.endsWith('github-actions.yml') ? 'github' : 'gitlab';
}

/** The labcheck lines of one CI file, in the file's order. */
export function ciCommands(file: string): CiCommand[] {
  const kind = kindOf(file);
  if (kind === 'kubernetes') return fromKubernetes(file, loadAll(file));
  const doc = parse(readFileSync(join(packageRoot, file), 'utf8')) as Obj;
  return kind === 'github' ? fromGithub(file, doc) : fromGitlab(file, doc);
}

/**
 * What the CI itself sets for shard `shard` of `shards` (1-based): GitHub's matrix and
 * strategy.job-total (resolved in the job's env), GitLab's CI_NODE_INDEX/CI_NODE_TOTAL of
 * `parallel:`, Kubernetes' 0-based JOB_COMPLETION_INDEX (with the ConfigMap's SHARDS, which the
 * manifest keeps equal to the Job's completions). Merged over cmd.env, the line runs as in CI.
 */
export function shardEnv(cmd: CiCommand, shard: number, shards: number): Record<string, string> {
  switch (cmd.kind) {
    case 'github': {
      const values: Record<string, string> = { 'matrix.shard': String(shard), 'strategy.job-total': String(shards) };
      const env: Record<string, string> = {};
      for (const [name, value] of Object.entries(cmd.env)) {
        const m = /^\$\{\{\s*([\w.-]+)\s*\}\}$/.exec(value);
        if (!m) continue;
        const resolved = values[m[1]!];
        if (resolved === undefined) throw new Error(`${cmd.file}: ${name} is \${{ ${m[1]} }}, which shardEnv does not know`);
        env[name] = resolved;
      }
      return env;
    }
    case 'gitlab':
      return { CI_NODE_INDEX: String(shard), CI_NODE_TOTAL: String(shards) };
    case 'kubernetes':
      return { JOB_COMPLETION_INDEX: String(shard - 1), SHARDS: String(shards) };
  }
}

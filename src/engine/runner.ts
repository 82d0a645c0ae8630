import type { CheckDef, LabDef } from './define.js';
import type { LabContext } from './context.js';
import type { CheckResult, LabResult, Location, Outcome, Text } from './types.js';
import type { Reporter } from '../report/reporter.js';
import { withDeadline } from './deadline.js';
import { isEnvironmentFailure, stackOf } from './errors.js';
import { labPoints, labStatus } from './score.js';
import { t } from './lang.js';

/** The reporter hooks the runner calls as labs finish, in chapter order. */
export type RunHooks = Pick<Reporter, 'onLabStart' | 'onCheckEnd' | 'onLabEnd'>;

export interface RunLabsOptions {
  /** Every lab, in chapter order. */
  all: readonly LabDef[];
  /** The ids asked for; the labs they depend on are performed too but not reported. */
  selected: readonly string[];
  ctx: LabContext;
  /** Solve before checking (run, solve); `check` only reads state. */
  perform: boolean;
  /** Deadline of a lab's steps as a whole (pulls and builds take a while). */
  solveTimeoutMs: number;
  /** Labs performed at once when their dependencies allow; 1 (the default) keeps chapter order. */
  concurrency?: number;
  hooks?: RunHooks;
}

/** The selected labs plus everything they depend on, in chapter order. */
export function withDependencies(all: readonly LabDef[], selected: readonly string[]): LabDef[] {
  const byId = new Map(all.map((lab) => [lab.id, lab]));
  const wanted = new Set<string>();
  const visit = (id: string) => {
    if (wanted.has(id)) return;
    const lab = byId.get(id);
    if (!lab) throw new Error(`unknown lab "${id}"`);
    wanted.add(id);
    lab.dependsOn.forEach(visit);
  };
  selected.forEach(visit);
  return all.filter((lab) => wanted.has(lab.id));
}

/**
 * The order labs are performed in: chapter order, except that a lab comes after every lab of the run it
 * depends on or must come `after`, even one later in the chapter (dockerfile reads what build-image built).
 */
export function performOrder(order: readonly LabDef[]): LabDef[] {
  const inRun = new Set(order.map((lab) => lab.id));
  const placed = new Set<string>();
  const pending = [...order];
  const out: LabDef[] = [];
  while (pending.length > 0) {
    const ready = pending.findIndex((lab) => [...lab.dependsOn, ...(lab.after ?? [])].every((id) => !inRun.has(id) || placed.has(id)));
    // A cycle cannot be honoured: the rest keep chapter order rather than wait for each other forever.
    const [lab] = pending.splice(Math.max(ready, 0), 1) as [LabDef];
    placed.add(lab.id);
    out.push(lab);
  }
  return out;
}

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

function resultOf(check: CheckDef, status: CheckResult['status'], message: Text, durationMs: number, timedOut = false, environment = false, notApplicable = false, location?: Location): CheckResult {
  return {
    id: check.id,
    title: check.title,
    status,
    message,
    hint: check.hint,
    timedOut,
    points: status === 'passed' ? check.points : 0,
    maxPoints: notApplicable ? 0 : check.points,
    durationMs,
    ...(notApplicable ? { notApplicable } : {}),
    ...(location ? { location } : {}),
    ...(environment ? { environment } : {}),
  };
}

export function labResult(lab: LabDef, checks: CheckResult[], durationMs: number): LabResult {
  const layers = checks.find((c) => c.layers)?.layers;
  return {
    id: lab.id,
    title: lab.title,
    section: lab.section,
    status: labStatus(checks),
    durationMs,
    ...labPoints(checks),
    checks,
    ...(layers ? { layers } : {}),
  };
}

/** Every check of a lab with one status and one message: for skips and for steps that could not run. */
export const allChecks = (lab: LabDef, status: CheckResult['status'], message: Text, environment = false): CheckResult[] =>
  lab.checks.map((check) => resultOf(check, status, message, 0, false, environment));

/** Runs one check within its deadline; anything thrown is `error`, never `passed`. */
export async function runCheck(check: CheckDef, ctx: LabContext): Promise<CheckResult> {
  const started = performance.now();
  const limit = check.timeoutMs ?? ctx.timeoutMs;
  const elapsed = () => Math.round(performance.now() - started);
  try {
    const result = await withDeadline<Outcome>(limit, ctx.signal, (signal) => check.run(ctx.withSignal(signal)));
    if (result.kind === 'timeout') {
      return resultOf(
        check,
        'failed',
        t(`no verdict within the ${limit} ms deadline (timed out)`, `在 ${limit} 毫秒的期限内没有得出结论（超时）`),
        elapsed(),
        true,
      );
    }
    if (result.kind === 'aborted') {
      return resultOf(check, 'error', t('interrupted before the check finished', '检查完成前被中断'), elapsed());
    }
    const { status, message, notApplicable, location } = result.value;
    return { ...resultOf(check, status, message, elapsed(), false, false, status === 'skipped' && notApplicable === true, location), ...(result.value.layers ? { layers: result.value.layers } : {}) };
  } catch (e) {
    if (ctx.signal.aborted) return resultOf(check, 'error', t('interrupted before the check finished', '检查完成前被中断'), elapsed());
    const environment = isEnvironmentFailure(e);
    const result = resultOf(check, 'error', t(`labcheck could not judge: ${errorText(e)}`, `labcheck 无法判断：${errorText(e)}`), elapsed(), false, environment);
    return environment ? result : { ...result, bug: stackOf(e) };
  }
}

/** At most n tasks at once, first come first served. */
export function limiter(n: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const queue: Array<() => void> = [];
  return async (task) => {
    if (running >= n) await new Promise<void>((resolve) => queue.push(resolve));
    running++;
    try {
      return await task();
    } finally {
      running--;
      queue.shift()?.();
    }
  };
}

/**
 * Runs labs: performs each lab's steps (unless only checking), then its checks, each with a
 * deadline. A lab starts once the labs it depends on (and those it must come `after`) are done;
 * with concurrency 1 they run one by one in chapter order. Results are reported in chapter order
 * whatever order they finish in. A lab whose dependency did not pass is skipped with the reason;
 * an engine that goes away makes the rest `error`.
 */
export async function runLabs(options: RunLabsOptions): Promise<LabResult[]> {
  const { ctx, hooks } = options;
  const order = withDependencies(options.all, options.selected);
  const selected = new Set(options.selected);
  const concurrency = Math.max(1, options.concurrency ?? 1);
  const slot = limiter(concurrency);
  const results = new Map<string, Promise<LabResult>>();
  let fatal: Text | undefined;

  // Steps start in performOrder; without steps every lab only reads state, in chapter order.
  const sequence = options.perform ? performOrder(order) : order;
  sequence.forEach((lab, index) => {
    const previous = sequence[index - 1];
    // Checks only read state, so without steps no lab waits for another; with steps, order matters.
    const order_ = options.perform ? [...lab.dependsOn, ...(lab.after ?? [])] : [];
    const waits = [...order_, ...(concurrency === 1 && previous ? [previous.id] : [])]
      .map((id) => results.get(id))
      .filter((p): p is Promise<LabResult> => p !== undefined);
    const run = async (): Promise<LabResult> => {
      const done = await Promise.all(waits);
      const status = new Map(done.map((r) => [r.id, r.status]));
      // check performs nothing, so a lab's checks judge the live state whatever the earlier labs found.
      const blocker = options.perform ? lab.dependsOn.find((id) => status.get(id) !== 'passed') : undefined;
      return slot(async () => {
        const started = performance.now();
        let checks: CheckResult[];
        if (ctx.signal.aborted) {
          checks = allChecks(lab, 'error', t('interrupted before this lab ran', '此实验运行前被中断'));
        } else if (fatal) {
          checks = allChecks(lab, 'error', fatal, true);
        } else if (blocker) {
          checks = allChecks(lab, 'skipped', t(`not judged: it depends on lab "${blocker}", which did not pass`, `未评判：它依赖的实验 "${blocker}" 未通过`));
        } else {
          const performed = await performAndCheck(lab, { ...options, ctx: ctx.forLab(lab.id) });
          checks = performed.checks;
          fatal ??= performed.environmentFailure;
        }
        return labResult(lab, checks, Math.round(performance.now() - started));
      });
    };
    results.set(lab.id, run());
  });

  const reported: LabResult[] = [];
  for (const lab of order) {
    const result = (await results.get(lab.id)) as LabResult;
    if (!selected.has(lab.id)) continue;
    hooks?.onLabStart?.(lab.id, lab.title);
    for (const check of result.checks) hooks?.onCheckEnd?.(lab.id, check);
    hooks?.onLabEnd?.(result);
    reported.push(result);
  }
  return reported;
}

interface Performed {
  checks: CheckResult[];
  /** Set when the engine or environment failed: the labs after this one cannot be judged either. */
  environmentFailure?: Text;
}

async function performAndCheck(lab: LabDef, options: RunLabsOptions): Promise<Performed> {
  const { ctx } = options;
  if (options.perform) {
    try {
      const result = await withDeadline(options.solveTimeoutMs, ctx.signal, (signal) => lab.solve(ctx.withSignal(signal)));
      if (result.kind === 'aborted') return { checks: allChecks(lab, 'error', t("interrupted during the lab's steps", '实验步骤执行中被中断')) };
      if (result.kind === 'timeout') {
        const ms = options.solveTimeoutMs;
        const message = t(`the lab's steps did not finish within ${ms} ms (timed out)`, `实验步骤未在 ${ms} 毫秒内完成（超时）`);
        return { checks: lab.checks.map((check) => resultOf(check, 'failed', message, 0, true)) };
      }
    } catch (e) {
      if (isEnvironmentFailure(e)) {
        const message = t(`the environment failed: ${errorText(e)}`, `环境出错：${errorText(e)}`);
        return { checks: allChecks(lab, 'error', message, true), environmentFailure: message };
      }
      const message = t(`labcheck could not perform the steps: ${errorText(e)}`, `labcheck 无法执行实验步骤：${errorText(e)}`);
      return { checks: allChecks(lab, 'error', message).map((c) => ({ ...c, bug: stackOf(e) })) };
    }
  }
  const checks: CheckResult[] = [];
  for (const check of lab.checks) checks.push(await runCheck(check, ctx));
  return { checks };
}

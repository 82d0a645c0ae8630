import type { LabDef } from './define.js';
import type { LabContext } from './context.js';
import type { CheckResult, LabResult, Text } from './types.js';
import { t } from './lang.js';
import { labResult, runCheck, runLabs, withDependencies, type RunHooks } from './runner.js';
import { withDeadline } from './deadline.js';
import { isEnvironmentFailure, stackOf } from './errors.js';
import { inspectContainer, inspectImage } from '../docker/api.js';

export interface SelftestOptions {
  all: readonly LabDef[];
  selected: readonly string[];
  /** A fresh context in a run namespace of its own, one per lab. */
  newContext(): LabContext;
  /** Removes what a context's run made and says how many labelled resources remain. */
  cleanup(ctx: LabContext): Promise<number>;
  solveTimeoutMs: number;
  hooks?: RunHooks;
}

const meta = (id: string, title: Text, status: CheckResult['status'], message: Text, points = 1): CheckResult => ({
  id,
  title,
  status,
  message,
  hint: t('A lab author\'s check: fix the lab definition in labs/<id>/.', '实验作者的检查：请修正 labs/<id>/ 中的实验定义。'),
  timedOut: false,
  points: status === 'passed' ? points : 0,
  maxPoints: points,
  durationMs: 0,
});

/** Which of the resources a lab declares it creates (creates(names)) exist now. */
async function declaredPresent(lab: LabDef, ctx: LabContext): Promise<string[]> {
  const { containers = [], images = [], volumes = [] } = lab.creates?.(ctx.names) ?? {};
  const docker = await ctx.docker();
  const present: string[] = [];
  for (const name of containers) if (await inspectContainer(docker, name)) present.push(`container ${name}`);
  for (const ref of images) if (await inspectImage(docker, ref)) present.push(`image ${ref}`);
  for (const name of volumes) if (await docker.getVolume(name).inspect().then(() => true, () => false)) present.push(`volume ${name}`);
  return present;
}

const declared = (lab: LabDef, ctx: LabContext): string[] => {
  const { containers = [], images = [], volumes = [] } = lab.creates?.(ctx.names) ?? {};
  return [...containers.map((n) => `container ${n}`), ...images.map((n) => `image ${n}`), ...volumes.map((n) => `volume ${n}`)];
};

/**
 * For lab authors: per lab, in a namespace of its own, every check must fail before the lab's steps
 * (a check that passes then cannot tell done from not done: `error`), pass after them, and cleanup
 * must leave nothing labelled.
 */
export async function selftestLabs(options: SelftestOptions): Promise<LabResult[]> {
  const results: LabResult[] = [];
  for (const lab of options.all.filter((l) => options.selected.includes(l.id))) {
    options.hooks?.onLabStart?.(lab.id, lab.title);
    const started = performance.now();
    const ctx = options.newContext();
    const checks: CheckResult[] = [];
    // What the lab says it creates, found after its steps: cleanup must take exactly that away.
    let made: string[] | undefined;
    try {
      const deps = withDependencies(options.all, lab.dependsOn);
      const depResults = deps.length
        ? await runLabs({ all: options.all, selected: deps.map((d) => d.id), ctx, perform: true, solveTimeoutMs: options.solveTimeoutMs })
        : [];
      const broken = depResults.find((r) => r.status !== 'passed');
      if (broken) {
        checks.push(meta('dependencies', t('the labs it depends on pass', '其依赖的实验通过'), 'error', t(`dependency "${broken.id}" did not pass on the fixtures (${broken.status})`, `依赖的实验 "${broken.id}" 在参考文件上未通过（${broken.status}）`)));
      } else {
        const before = new Map<string, CheckResult>();
        for (const check of lab.checks) before.set(check.id, await runCheck(check, ctx));
        const solved = await withDeadline(options.solveTimeoutMs, ctx.signal, (signal) => lab.solve(ctx.withSignal(signal)));
        for (const check of lab.checks) {
          const prior = before.get(check.id) as CheckResult;
          const after = solved.kind === 'done' ? await runCheck(check, ctx) : undefined;
          checks.push(judge(check.id, check.title, prior, after));
        }
        if (solved.kind === 'done') made = await declaredPresent(lab, ctx);
      }
    } catch (e) {
      const threw = meta('steps', t("the lab's steps run", '实验步骤能够执行'), 'error', t(`the steps threw: ${(e as Error).message}`, `实验步骤出错：${(e as Error).message}`));
      checks.push(isEnvironmentFailure(e) ? { ...threw, environment: true } : { ...threw, bug: stackOf(e) });
    } finally {
      const left = await options.cleanup(ctx);
      const undeclared = made === undefined ? [] : declared(lab, ctx).filter((d) => !made!.includes(d));
      const stillThere = made === undefined ? [] : await declaredPresent(lab, ctx);
      const ok = left === 0 && undeclared.length === 0 && stillThere.length === 0;
      const why =
        left > 0
          ? t(`expected nothing labelled ${ctx.runId} after cleanup; ${left} resources remain`, `清理后不应留下带 ${ctx.runId} 标签的资源；仍有 ${left} 个`)
          : undeclared.length > 0
            ? t(`the lab declares it creates ${undeclared.join(', ')}, but its steps left none: fix creates() in labs/${lab.id}/`, `实验声明会创建 ${undeclared.join('、')}，但其步骤之后并不存在：请修正 labs/${lab.id}/ 中的 creates()`)
            : t(`expected what the lab creates gone after cleanup; ${stillThere.join(', ')} remains`, `清理后实验创建的资源应当不存在；仍有 ${stillThere.join('、')}`);
      checks.push(
        meta(
          'cleanup-leaves-nothing',
          t('cleanup leaves nothing labelled', '清理后没有留下带标签的资源'),
          ok ? 'passed' : 'failed',
          ok ? t(`nothing labelled ${ctx.runId} is left${made?.length ? `, nor ${made.join(', ')}` : ''}`, `没有留下带 ${ctx.runId} 标签的资源${made?.length ? `，也没有 ${made.join('、')}` : ''}`) : why,
        ),
      );
    }
    const result = labResult(lab, checks, Math.round(performance.now() - started));
    for (const check of checks) options.hooks?.onCheckEnd?.(lab.id, check);
    options.hooks?.onLabEnd?.(result);
    results.push(result);
  }
  return results;
}

/** One check of a lab under selftest: failed (or skipped) before the steps, passed after. */
export function judge(id: string, title: Text, before: CheckResult, after: CheckResult | undefined): CheckResult {
  // A check that threw is labcheck's bug, whatever selftest makes of its verdict.
  const bug = before.bug ?? after?.bug;
  const judged = judgeOutcome(id, title, before, after);
  return bug === undefined ? judged : { ...judged, bug };
}

function judgeOutcome(id: string, title: Text, before: CheckResult, after: CheckResult | undefined): CheckResult {
  if (before.status === 'passed') {
    return meta(id, title, 'error', t(`passed before the lab's steps were performed, so it cannot tell done from not done: ${before.message.en}`, `在执行实验步骤之前就已通过，因此无法区分做了与没做：${before.message.zh}`));
  }
  if (before.status === 'error') {
    return meta(id, title, 'error', t(`could not judge before the steps: ${before.message.en}`, `执行步骤之前无法评判：${before.message.zh}`));
  }
  if (!after) return meta(id, title, 'error', t("the lab's steps did not finish", '实验步骤未完成'));
  if (after.status !== 'passed') {
    return meta(id, title, after.status === 'error' ? 'error' : 'failed', t(`expected it to pass after the lab's steps on the fixtures; it ${after.status}: ${after.message.en}`, `期望在参考文件上执行实验步骤后通过；实际为 ${after.status}：${after.message.zh}`));
  }
  return meta(id, title, 'passed', t(`${before.status} before the steps, passed after`, `执行步骤前为 ${before.status}，执行后通过`));
}

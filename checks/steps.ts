import { t } from '../src/engine/lang.js';
import type { Text } from '../src/engine/types.js';
import { failureReason, type CliResult } from '../src/docker/cli.js';
import { lastLines } from '../src/docker/logs.js';

/**
 * "failed (exit code 1):" and the step's last output lines, to follow a command in a message:
 * `${command} ${failure.en}`. Every lab says a failed step the same way.
 */
export function stepFailure(result: CliResult, lines = 6): Text {
  const why = failureReason(result);
  const output = lastLines(`${result.stdout}\n${result.stderr}`, lines);
  return t(`failed (${why.en}):\n${output}`, `失败（${why.zh}）：\n${output}`);
}

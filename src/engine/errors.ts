// Errors that are the user's doing (usage) or the machine's (environment), apart from bugs.
export type ErrorCode = 'USAGE' | 'ENV';

export class LabcheckError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = code === 'USAGE' ? 'UsageError' : 'EnvironmentError';
  }
}

export class UsageError extends LabcheckError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('USAGE', message, options);
  }
}

export class EnvironmentError extends LabcheckError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('ENV', message, options);
  }
}

/** Thrown into a check or step when the run is interrupted (Ctrl-C) or the engine goes away. */
export class AbortedError extends Error {
  constructor(message = 'interrupted') {
    super(message);
    this.name = 'AbortedError';
  }
}

export const isUsageError = (e: unknown): e is UsageError => e instanceof LabcheckError && e.code === 'USAGE';
export const isEnvironmentError = (e: unknown): e is EnvironmentError =>
  e instanceof LabcheckError && e.code === 'ENV';

// The machine's own failures: the engine's socket, a network path, the engine answering 5xx.
const SYSTEM_FAILURES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ENOENT', 'EACCES', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ENOSPC']);

/**
 * True when the environment failed (the engine or the machine), false for a bug in labcheck: an
 * exception that is neither says labcheck itself did something wrong. dockerode's errors carry the
 * engine's HTTP status: 5xx is the engine's, 4xx a request labcheck should not have made.
 */
export function isEnvironmentFailure(e: unknown): boolean {
  if (isEnvironmentError(e)) return true;
  const { statusCode, code } = (e ?? {}) as { statusCode?: unknown; code?: unknown };
  if (typeof statusCode === 'number') return statusCode >= 500;
  return typeof code === 'string' && SYSTEM_FAILURES.has(code);
}

/** The stack of a bug, for --debug (the message alone when there is none). */
export const stackOf = (e: unknown): string => (e instanceof Error ? (e.stack ?? e.message) : String(e));

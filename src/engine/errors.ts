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

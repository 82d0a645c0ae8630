// The labels labcheck puts on what it creates: cleanup removes by them, and by nothing else.

/** The run a resource belongs to (its run id). */
export const RUN_LABEL = 'io.labcheck.run';
/** `<host>/<pid>` of the process that made a resource; one label, since the legacy builder adds a history entry per label. */
export const OWNER_LABEL = 'io.labcheck.owner';
/** Set on what `solve` leaves for the student: `clean` removes it, the reaper of dead runs does not. */
export const KEEP_LABEL = 'io.labcheck.keep';

export const ownerOf = (host: string, pid: number): string => `${host}/${pid}`;

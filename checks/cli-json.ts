// What the CLI printed with `--format '{{json .}}'`, the only way labcheck reads CLI output: the tables'
// columns and wording change between versions (Engine 29's `docker images`) and between CLIs.

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The records a `--format '{{json .}}'` printed: the docker CLI prints one JSON object a line; Podman 4's
 * CLI prints the whole list as one JSON array (`podman ps`, pretty-printed over many lines; `podman history`).
 */
export function jsonRecords(stdout: string): Record<string, unknown>[] {
  const text = stdout.trim();
  if (text === '') return [];
  try {
    const whole: unknown = JSON.parse(text);
    if (Array.isArray(whole)) return whole.filter(isObject);
    if (isObject(whole)) return [whole];
  } catch {
    // one object a line
  }
  const records: Record<string, unknown>[] = [];
  for (const line of text.split(/\r?\n/)) {
    try {
      const value: unknown = JSON.parse(line);
      if (isObject(value)) records.push(value);
      else if (Array.isArray(value)) records.push(...value.filter(isObject));
    } catch {
      // not JSON (a warning the CLI printed on stdout): not a record
    }
  }
  return records;
}

export interface PortRow {
  /** '' when published on every address. */
  ip: string;
  hostPort: number;
  containerPort: number;
  protocol: string;
}

export interface PsRow {
  names: string[];
  ports: PortRow[];
}

// `0.0.0.0:1234->8080/tcp`, `[::]:1234->8080/tcp`, `127.0.0.1:32768-32769->8080-8081/tcp`; a port only exposed (`5000/tcp`) has no arrow.
const PORT = /^(?:(.*):)?(\d+)(?:-(\d+))?->(\d+)(?:-(\d+))?\/(\w+)$/;

/** The docker CLI's Ports column: published mappings, one per port of a range. */
export function parsePorts(text: string): PortRow[] {
  const rows: PortRow[] = [];
  for (const part of text.split(',')) {
    const m = PORT.exec(part.trim());
    if (!m) continue;
    const ip = (m[1] ?? '').replace(/^\[(.*)\]$/, '$1');
    const host = Number(m[2]);
    const inner = Number(m[4]);
    const span = Math.max(0, Number(m[5] ?? m[4]) - inner);
    for (let i = 0; i <= span; i++) rows.push({ ip, hostPort: host + i, containerPort: inner + i, protocol: m[6] ?? 'tcp' });
  }
  return rows;
}

/** Podman's `ps` Ports: `[{host_ip, container_port, host_port, range, protocol}]`. */
function podmanPorts(value: unknown[]): PortRow[] {
  return value.filter(isObject).flatMap((p) => {
    const range = Math.max(1, Number(p.range ?? 1));
    return Array.from({ length: range }, (_, i) => ({
      ip: String(p.host_ip ?? ''),
      hostPort: Number(p.host_port) + i,
      containerPort: Number(p.container_port) + i,
      protocol: String(p.protocol ?? 'tcp'),
    }));
  });
}

/** `docker ps --format '{{json .}}'` (Names `a,b`, Ports as in the table) or `podman ps` (arrays). */
export function psRows(stdout: string): PsRow[] {
  return jsonRecords(stdout).map((r) => ({
    names: Array.isArray(r.Names) ? r.Names.map(String) : String(r.Names ?? '').split(',').filter(Boolean),
    ports: Array.isArray(r.Ports) ? podmanPorts(r.Ports) : parsePorts(String(r.Ports ?? '')),
  }));
}

/** `docker history --no-trunc --format '{{json .}}'` (CreatedBy) or `podman history` (CreatedBy, or createdBy): each entry's command, newest first. */
export function historyRows(stdout: string): { createdBy: string }[] {
  return jsonRecords(stdout).map((r) => ({ createdBy: String(r.CreatedBy ?? r.createdBy ?? '') }));
}

import { everything, removeLabelled } from '../docker/cleanup.js';
import type { Lang } from '../engine/types.js';
import type { Io } from './app.js';
import { connectEngine } from '../docker/connect.js';

/** Removes everything labcheck created (by the io.labcheck.run label), nothing else. */
export async function clean(lang: Lang, io: Io): Promise<number> {
  const { docker } = await connectEngine(io.env);
  const removed = await removeLabelled(docker, everything);
  const total = removed.containers.length + removed.images.length + removed.volumes.length + removed.networks.length;
  const lines = [
    ...removed.containers.map((n) => `container ${n}`),
    ...removed.images.map((n) => `image ${n}`),
    ...removed.volumes.map((n) => `volume ${n}`),
    ...removed.networks.map((n) => `network ${n}`),
  ];
  for (const line of lines) io.stdout.write(`  removed ${line}\n`);
  io.stdout.write(
    lang === 'zh'
      ? `已删除 labcheck 创建的 ${total} 个资源（按标签 io.labcheck.run）；其他资源未受影响。\n`
      : `removed ${total} resources labcheck created (label io.labcheck.run); nothing else was touched.\n`,
  );
  return 0;
}

import type { Readable } from 'node:stream';
import type { ParsedStreamInput, StatsSample } from '../../preload/contract/index';
import type { EngineConnection } from '../engine/engine-connection';
import { NdjsonParser } from '../engine/ndjson';
import type { StreamSink, StreamSource } from '../rpc/streams';

/** The engine's stats object, as much of it as Berth reads (cgroup v1 and v2). */
export interface EngineStats {
  read?: string;
  pids_stats?: { current?: number };
  cpu_stats?: CpuStats;
  precpu_stats?: CpuStats;
  memory_stats?: { usage?: number; limit?: number; stats?: Record<string, number> };
  networks?: Record<string, { rx_bytes?: number; tx_bytes?: number }>;
  blkio_stats?: { io_service_bytes_recursive?: { op?: string; value?: number }[] | null };
}
interface CpuStats {
  cpu_usage?: { total_usage?: number; percpu_usage?: number[] };
  system_cpu_usage?: number;
  online_cpus?: number;
}

/** One engine stats object → one sample, computed as `docker stats` does. */
export function toStatsSample(s: EngineStats, now = Date.now()): StatsSample {
  const read = s.read ? Date.parse(s.read) : NaN;
  const running = Number.isFinite(read) && read > 0;
  const cpu = s.cpu_stats ?? {};
  const pre = s.precpu_stats ?? {};
  const onlineCpus = cpu.online_cpus || cpu.cpu_usage?.percpu_usage?.length || 1;
  const cpuDelta = (cpu.cpu_usage?.total_usage ?? 0) - (pre.cpu_usage?.total_usage ?? 0);
  const sysDelta = (cpu.system_cpu_usage ?? 0) - (pre.system_cpu_usage ?? 0);
  const cpuPercent = cpuDelta > 0 && sysDelta > 0 ? (cpuDelta / sysDelta) * onlineCpus * 100 : 0;

  const mem = s.memory_stats ?? {};
  const ms = mem.stats ?? {};
  // cgroup v1: total_inactive_file (or cache); cgroup v2: inactive_file — what the CLI subtracts.
  const cache = ms.total_inactive_file ?? ms.inactive_file ?? 0;
  const memUsage = Math.max(0, (mem.usage ?? 0) - (cache < (mem.usage ?? 0) ? cache : 0));
  const memLimit = mem.limit ?? 0;

  let netRx = 0;
  let netTx = 0;
  for (const n of Object.values(s.networks ?? {})) {
    netRx += n.rx_bytes ?? 0;
    netTx += n.tx_bytes ?? 0;
  }
  let blockRead = 0;
  let blockWrite = 0;
  for (const e of s.blkio_stats?.io_service_bytes_recursive ?? []) {
    const op = (e.op ?? '').toLowerCase();
    if (op === 'read') blockRead += e.value ?? 0;
    else if (op === 'write') blockWrite += e.value ?? 0;
  }
  return {
    time: running ? read : now,
    running,
    cpuPercent,
    onlineCpus,
    memUsage,
    memLimit,
    memPercent: memLimit > 0 ? (memUsage / memLimit) * 100 : 0,
    netRx,
    netTx,
    blockRead,
    blockWrite,
    pids: s.pids_stats?.current ?? 0,
  };
}

/** `docker stats <c>`: one engine stream per open view, closed when the view hides. Never polled. */
export class StatsService {
  constructor(private readonly engine: EngineConnection) {}

  async open(input: ParsedStreamInput<'containers.stats'>, sink: StreamSink<StatsSample>): Promise<StreamSource> {
    const container = this.engine.api().getContainer(input.id);
    const opts = { stream: true, abortSignal: sink.signal } as { stream: true };
    const stream = (await container.stats(opts)) as unknown as Readable;
    const parser = new NdjsonParser<EngineStats>((s) => sink.push(toStatsSample(s)));
    stream.on('data', (c: Buffer) => parser.push(c));
    stream.once('end', () => sink.end());
    stream.once('error', (err) => sink.end(sink.signal.aborted ? undefined : err));
    return {
      pause: () => stream.pause(),
      resume: () => stream.resume(),
      close: () => {
        stream.removeAllListeners('data');
        stream.destroy();
      },
    };
  }
}

// Where a process's resident memory goes, read from inside it: V8's heap, what V8 is told about (Buffers), and what
// the kernel counts (anonymous vs file-backed pages, threads). Nothing here asks the service itself.
import fs from 'node:fs';
import v8 from 'node:v8';

const MB = 1024 * 1024;

export interface MemoryBreakdown {
  /** process.memoryUsage(), in MB. */
  rssMb: number;
  heapTotalMb: number;
  heapUsedMb: number;
  /** C++ objects bound to JS objects (Buffers, ArrayBuffers), V8's `external`. */
  externalMb: number;
  arrayBuffersMb: number;
  /** The main isolate's heap as resident pages, and V8's own malloc'd memory (v8.getHeapStatistics()). */
  v8PhysicalMb: number;
  v8MallocedMb: number;
  v8PeakMallocedMb: number;
  nativeContexts: number;
  /** Resident size of each V8 heap space (new, old, code, large objects, …), in MB. */
  spacesMb: Record<string, number>;
  /** /proc/self/status: anonymous (heap, malloc, stacks) and file-backed (node, addons, libraries) resident pages. */
  rssAnonMb: number | null;
  rssFileMb: number | null;
  threads: number | null;
  /**
   * Anonymous resident memory that is neither the main isolate's heap nor `external` (Buffers): native allocations (SQLite's
   * page cache and statements, libuv, OpenSSL, ICU), thread stacks, the heaps of worker threads, allocator slack.
   */
  nativeOtherMb: number | null;
  afterGc: boolean;
}

function statusField(status: string, name: string): number | null {
  const match = new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(status);
  return match ? Number(match[1]) : null;
}

function toMb(bytes: number): number {
  return Math.round((bytes / MB) * 10) / 10;
}

/** Reads this process's memory; with `afterGc` (and --expose-gc) after a full collection. */
export function memoryBreakdown(afterGc = false): MemoryBreakdown {
  const collect = (globalThis as { gc?: () => void }).gc;
  const collected = afterGc && typeof collect === 'function';
  if (collected) collect();
  const usage = process.memoryUsage();
  const heap = v8.getHeapStatistics();
  const spacesMb: Record<string, number> = {};
  for (const space of v8.getHeapSpaceStatistics()) {
    spacesMb[space.space_name.replace(/_space$/, '')] = toMb(space.physical_space_size);
  }
  let status = '';
  try {
    status = fs.readFileSync('/proc/self/status', 'utf8');
  } catch {
    // Not Linux: the kernel's split is unknown, the rest still holds.
  }
  const kb = (name: string): number | null => {
    const value = statusField(status, name);
    return value === null ? null : Math.round((value / 1024) * 10) / 10;
  };
  const rssAnonMb = kb('RssAnon');
  return {
    rssMb: toMb(usage.rss),
    heapTotalMb: toMb(usage.heapTotal),
    heapUsedMb: toMb(usage.heapUsed),
    externalMb: toMb(usage.external),
    arrayBuffersMb: toMb(usage.arrayBuffers),
    v8PhysicalMb: toMb(heap.total_physical_size),
    v8MallocedMb: toMb(heap.malloced_memory),
    v8PeakMallocedMb: toMb(heap.peak_malloced_memory),
    nativeContexts: heap.number_of_native_contexts,
    spacesMb,
    rssAnonMb,
    rssFileMb: kb('RssFile'),
    threads: statusField(status, 'Threads'),
    nativeOtherMb: rssAnonMb === null ? null : toMb(rssAnonMb * MB - heap.total_physical_size - usage.external),
    afterGc: collected,
  };
}

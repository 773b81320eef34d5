// Preloaded into benchmarked builds with `node --import`: when the build process
// exits, prints what the shared diagram renderer did (our site only) and the
// process's own peak RSS, as `[bench:diagrams] {…}` / `[bench:process] {…}` lines,
// and writes the same to $BENCH_PROBE_FILE. With $BENCH_MEMORY_MS set, it also prints
// `[bench:memory] {…}` (RSS, JS heap used, live heap after full collections, heap committed (`total`), external and
// array-buffer memory, MiB; the rest of RSS is native memory: bundler, allocator, code) at that
// interval, so the build log shows which phase the memory grows in. Changes nothing in the build.
import { writeFileSync } from 'node:fs';
import { constants, PerformanceObserver } from 'node:perf_hooks';

const key = Symbol.for('stack-atlas.diagrams.renderer');
const mib = (bytes) => Math.round(bytes / 1024 / 1024);

const interval = Number(process.env.BENCH_MEMORY_MS);
if (interval > 0) {
  // The heap right after a full collection is what the build really holds (heapUsed also counts garbage
  // not yet collected, more of it the larger the heap limit): `live` is the largest such figure since the last
  // line (absent when no full collection ran).
  let live = 0;
  const gcs = new PerformanceObserver((list) => {
    if (list.getEntries().some((entry) => entry.detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR)) {
      live = Math.max(live, process.memoryUsage().heapUsed);
    }
  });
  gcs.observe({ entryTypes: ['gc'] });
  const timer = setInterval(() => {
    const { rss, heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
    console.log(
      `[bench:memory] ${JSON.stringify({ rss: mib(rss), heap: mib(heapUsed), ...(live ? { live: mib(live) } : {}), total: mib(heapTotal), external: mib(external), arrayBuffers: mib(arrayBuffers) })}`,
    );
    live = 0;
  }, interval);
  // A sampler must never keep the build alive.
  timer.unref();
}

process.once('exit', (code) => {
  const renderer = globalThis[key];
  const usage = process.resourceUsage();
  const result = {
    code,
    maxRssKiB: usage.maxRSS,
    userMs: Math.round(usage.userCPUTime / 1000),
    systemMs: Math.round(usage.systemCPUTime / 1000),
    diagrams: renderer?.stats ? { ...renderer.stats } : null,
  };
  if (result.diagrams) console.log(`[bench:diagrams] ${JSON.stringify(result.diagrams)}`);
  console.log(
    `[bench:process] ${JSON.stringify({ maxRssKiB: result.maxRssKiB, userMs: result.userMs, systemMs: result.systemMs })}`,
  );
  if (process.env.BENCH_PROBE_FILE) {
    try {
      writeFileSync(process.env.BENCH_PROBE_FILE, JSON.stringify(result));
    } catch {
      // the benchmark then reports n/a
    }
  }
});

// B5: memory per queued job with 100,000 queued (heap delta after GC / count). Needs --expose-gc.
import { LocalRunner } from '../dist/local-runner/index.js';

const COUNT = Number(process.env.B5_COUNT ?? 100_000);
if (typeof globalThis.gc !== 'function') throw new Error('run with node --expose-gc');

function heap() {
  globalThis.gc();
  globalThis.gc();
  return process.memoryUsage().heapUsed;
}

async function measure(label, task) {
  const runner = new LocalRunner({ cores: 1 });
  // One job holds the only core, so everything after it stays queued.
  const blocker = runner.add('sleep 60');
  await new Promise((r) => setTimeout(r, 100));
  const before = heap();
  for (let i = 0; i < COUNT; i++) runner.add(task);
  await new Promise((r) => setImmediate(r));
  const after = heap();
  const { queued } = runner.stats;
  await runner.cancel(blocker);
  await runner.close();
  const per = (after - before) / COUNT;
  console.log(`  ${label}: ${queued} queued, ${(per).toFixed(0)} bytes per queued job (target < 2048)`);
  return per;
}

console.log(`B5 memory per queued job, ${COUNT} queued`);
await measure("command 'true'", 'true');
await measure('no-op function', () => undefined);

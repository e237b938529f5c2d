/**
 * Cold start (issue 9): from starting the server process the way `npm run serve` does
 * (`tsx src/main.ts` in server/) to its first 200 on GET /api/health, on an existing SQLite database
 * holding the demo — what a restart after a deploy or a crash costs — against a bare Fastify
 * process started the same way (tsx, one route): the floor of Node.js + tsx + Fastify.
 * Runs alternate between the two; medians. The first start on an empty database (migrations and
 * the demo seed) is timed once, as information.
 *
 *   npx tsx bench/cold-start.bench.ts [--runs=5]
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { benchFlags } from './args';
import { emitFigures } from './emit';
import { ms, stat } from './stats';

const repoRoot = path.resolve(import.meta.dirname, '..');
const tsxCli = path.join(repoRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs');

if (process.argv[2] === '--bare') {
  // The floor: the same runtime and framework, one route, nothing else.
  const { default: Fastify } = await import('fastify');
  const app = Fastify({ logger: false });
  app.get('/api/health', async () => ({ status: 'ok' }));
  await app.listen({ host: '127.0.0.1', port: Number(process.argv[3]) });
} else {
  await main();
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** Spawns `args` and polls /api/health every 10 ms; resolves with the time to the first 200. */
async function timeToFirstAnswer(
  args: string[],
  cwd: string,
  env: Record<string, string>,
  port: number,
): Promise<{ ms: number; child: ChildProcess }> {
  const t0 = performance.now();
  const child = spawn(process.execPath, args, {
    cwd,
    // biome-ignore lint/style/noProcessEnv: the server reads its configuration from the environment.
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  for (;;) {
    if (exited) {
      throw new Error(`the process exited before answering: ${stderr.slice(-1000)}`);
    }
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/health`);
      await res.arrayBuffer();
      if (res.status === 200) {
        return { ms: performance.now() - t0, child };
      }
    } catch {
      // Not listening yet.
    }
    if (performance.now() - t0 > 120_000) {
      child.kill('SIGKILL');
      throw new Error(`no answer within 120 s: ${stderr.slice(-1000)}`);
    }
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) {
    return;
  }
  const done = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await done;
  clearTimeout(timer);
}

async function main(): Promise<void> {
  const flags = benchFlags();
  const runs = Math.max(1, Number(flags.get('runs') ?? 5));
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'cchc-cold-start-'));
  const serverDir = path.join(repoRoot, 'server');
  const env = (port: number) => ({
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    SERVE_WEB: 'true',
    DATABASE_URL: '',
  });
  try {
    let port = await freePort();
    const first = await timeToFirstAnswer([tsxCli, 'src/main.ts'], serverDir, env(port), port);
    await stop(first.child);
    process.stderr.write(`cold-start: first start (migrations + demo seed) ${ms(first.ms)} ms\n`);
    const product: number[] = [];
    const bare: number[] = [];
    for (let r = 0; r < runs; r++) {
      port = await freePort();
      const b = await timeToFirstAnswer(
        [tsxCli, path.join('bench', 'cold-start.bench.ts'), '--bare', String(port)],
        repoRoot,
        {},
        port,
      );
      await stop(b.child);
      bare.push(b.ms);
      port = await freePort();
      const p = await timeToFirstAnswer([tsxCli, 'src/main.ts'], serverDir, env(port), port);
      await stop(p.child);
      product.push(p.ms);
      process.stderr.write(`cold-start run ${r + 1}: server ${ms(p.ms)} ms, bare ${ms(b.ms)} ms\n`);
    }
    const p = stat(product);
    const b = stat(bare);
    console.log(
      [
        `${runs} runs alternating, ${new Date().toISOString()}; SQLite database with the demo (3 campaigns) in a temp DATA_DIR; the web app served from web/dist.`,
        '',
        '| Process | Median (ms) | Min (ms) | Max (ms) |',
        '| --- | ---: | ---: | ---: |',
        `| Server (\`tsx src/main.ts\`), existing database | ${ms(p.median)} | ${ms(p.min)} | ${ms(p.max)} |`,
        `| Bare Fastify, one route (\`tsx\`) | ${ms(b.median)} | ${ms(b.min)} | ${ms(b.max)} |`,
        `| Server, first start on an empty database (migrations + demo seed), once | ${ms(first.ms)} | — | — |`,
      ].join('\n'),
    );
    emitFigures([
      {
        id: 'start.cold',
        label: 'Cold start to the first answer (existing SQLite database)',
        value: p.median,
        unit: 'ms',
        limit: { label: 'bare Fastify process, tsx', value: b.median },
        note: `${runs} runs; first start on an empty database ${ms(first.ms)} ms`,
      },
    ]);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

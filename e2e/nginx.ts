import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

/**
 * The nginx site for several app processes: the block docs/deployment.md prints (the
 * multi-server test checks that the document shows exactly this text for its example values)
 * and the one the test runs. It goes inside `http { }` — on Debian, /etc/nginx/conf.d/cchc.conf.
 */
export function nginxSite(opts: { listen: string; apps: readonly string[]; maxBodyMb?: number }): string {
  return `upstream cchc_app {
    # Round robin over the app processes; sessions live in the database, so no stickiness.
${opts.apps.map((a) => `    server ${a} max_fails=1 fail_timeout=10s;`).join('\n')}
    keepalive 16;
}

server {
    listen ${opts.listen};
    # EVIDENCE_MAX_BYTES (50 MB by default) plus the multipart envelope; the app enforces the
    # exact limit per kind of file.
    client_max_body_size ${opts.maxBodyMb ?? 60}m;

    location / {
        proxy_pass http://cchc_app;
        proxy_http_version 1.1;
        proxy_set_header Connection "";
        proxy_set_header Host $host;
        # The client's address as nginx saw it (replaces anything the client sent); the app
        # believes it only from the addresses in TRUST_PROXY.
        proxy_set_header X-Forwarded-For $remote_addr;
        proxy_set_header X-Forwarded-Proto $scheme;
        # Uploads stream to the app as they arrive: the app hashes, checks type and size on the
        # fly and refuses early; nginx keeps no copy on its disk.
        proxy_request_buffering off;
        # Large exports and Excel imports may take a while.
        proxy_read_timeout 300s;
        proxy_send_timeout 300s;
    }
}
`;
}

/** A private nginx instance: everything (pid, logs, temp files) inside `prefix`, no root needed. */
export function privateNginxConf(prefix: string, site: string): string {
  const p = (name: string) => path.join(prefix, name);
  return `worker_processes 1;
pid ${p('nginx.pid')};
error_log ${p('error.log')} warn;
events { worker_connections 256; }
http {
    access_log ${p('access.log')};
    client_body_temp_path ${p('client_body')};
    proxy_temp_path ${p('proxy')};
    fastcgi_temp_path ${p('fastcgi')};
    uwsgi_temp_path ${p('uwsgi')};
    scgi_temp_path ${p('scgi')};
${site
  .split('\n')
  .map((l) => (l ? `    ${l}` : l))
  .join('\n')}
}
`;
}

/** `nginx -p prefix -c conf -g 'daemon off;'`, in its own process group; resolves once it listens. */
export async function startNginx(
  binary: string,
  prefix: string,
  conf: string,
  port: number,
): Promise<{ child: ChildProcess; output: () => string }> {
  const confFile = path.join(prefix, 'nginx.conf');
  fs.writeFileSync(confFile, conf);
  // Worker processes run as nobody when the master is root: they must reach their temp folders.
  fs.chmodSync(prefix, 0o755);
  const child = spawn(binary, ['-p', prefix, '-c', confFile, '-g', 'daemon off;'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString('utf8');
  });
  child.stderr!.on('data', (d: Buffer) => {
    out += d.toString('utf8');
  });
  const started = Date.now();
  while (!(await canConnect(port))) {
    if (child.exitCode !== null) {
      throw new Error(`nginx exited (${child.exitCode}): ${out}`);
    }
    if (Date.now() - started > 15_000) {
      throw new Error(`nginx did not listen on ${port} within 15 s: ${out}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { child, output: () => out };
}

export function canConnect(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** A port nobody listens on, from [from, to] (each helper of this machine has its own range). */
export async function freePort(from: number, to: number, taken: Set<number>): Promise<number> {
  const span = to - from + 1;
  const start = Math.floor(Math.random() * span);
  for (let i = 0; i < span; i++) {
    const port = from + ((start + i) % span);
    if (taken.has(port)) {
      continue;
    }
    const ok = await new Promise<boolean>((resolve) => {
      const server = net.createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
    if (ok) {
      taken.add(port);
      return port;
    }
  }
  throw new Error(`no free port in ${from}-${to}`);
}

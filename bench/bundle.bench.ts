/**
 * Web bundle size (issue 9): the production build of web/ (vite build, the project's own
 * vite.config.ts, with a manifest) into a temp folder, then the bytes a browser downloads —
 * JavaScript and CSS, each file gzip-compressed (zlib level 6, what nginx and most servers use) —
 * for the first page (the sign-in page: the entry and its static imports) and for the scoring page
 * (the same plus the scoring route's chunk and its imports, when routes are split).
 * The limit, built in the same run with the same tools and chunking: a bare page made of React,
 * React Router, TanStack Query and the Ant Design components with the Vietnamese locale that the app's
 * pages use — what any page of this stack costs before the product adds its own code.
 *
 *   npx tsx bench/bundle.bench.ts
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import { emitFigures } from './emit';

const repoRoot = path.resolve(import.meta.dirname, '..');
const webRoot = path.join(repoRoot, 'web');

interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}
type Manifest = Record<string, ManifestChunk>;

async function buildInto(root: string, outDir: string): Promise<Manifest> {
  await build({
    root,
    configFile: path.join(webRoot, 'vite.config.ts'),
    logLevel: 'error',
    build: { outDir, emptyOutDir: true, manifest: true },
  });
  return JSON.parse(readFileSync(path.join(outDir, '.vite', 'manifest.json'), 'utf8')) as Manifest;
}

/** The files a chunk needs before it runs: itself, its static imports (recursively) and their CSS. */
function closure(manifest: Manifest, keys: string[]): Set<string> {
  const files = new Set<string>();
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) {
      return;
    }
    seen.add(key);
    const c = manifest[key];
    if (!c) {
      throw new Error(`not in the manifest: ${key}`);
    }
    files.add(c.file);
    for (const css of c.css ?? []) {
      files.add(css);
    }
    for (const i of c.imports ?? []) {
      visit(i);
    }
  };
  for (const k of keys) {
    visit(k);
  }
  return files;
}

function gzipKb(outDir: string, files: Iterable<string>): { raw: number; gzip: number } {
  let raw = 0;
  let gzip = 0;
  for (const f of files) {
    const bytes = readFileSync(path.join(outDir, f));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 6 }).length;
  }
  return { raw: raw / 1024, gzip: gzip / 1024 };
}

const entryKey = (m: Manifest) => Object.keys(m).find((k) => m[k]!.isEntry)!;

/** The bare page: the stack the app is made of, composed like a typical page, and nothing else. */
function writeFloorApp(dir: string): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    path.join(dir, 'index.html'),
    '<!doctype html><html lang="vi"><head><meta charset="UTF-8" /><title>floor</title></head><body><div id="root"></div><script type="module" src="./main.tsx"></script></body></html>\n',
  );
  writeFileSync(
    path.join(dir, 'main.tsx'),
    `import { QueryClient, QueryClientProvider, useQuery } from '@tanstack/react-query';
import { App, Button, Card, ConfigProvider, Form, Input, Layout, Menu, Table, Typography } from 'antd';
import viVN from 'antd/locale/vi_VN';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, RouterProvider } from 'react-router-dom';

function Page() {
  const q = useQuery({ queryKey: ['x'], queryFn: async () => [{ key: 1, name: 'Vụ Pháp chế' }] });
  return (
    <Layout>
      <Layout.Sider><Menu items={[{ key: 'a', label: 'Trang chủ' }]} /></Layout.Sider>
      <Layout.Content>
        <Card title="Đăng nhập">
          <Form layout="vertical"><Form.Item label="Tên đăng nhập" name="u" rules={[{ required: true }]}><Input /></Form.Item>
          <Button type="primary">Đăng nhập</Button></Form>
          <Typography.Text>{q.data?.length ?? 0}</Typography.Text>
          <Table dataSource={q.data ?? []} columns={[{ title: 'Đơn vị', dataIndex: 'name' }]} />
        </Card>
      </Layout.Content>
    </Layout>
  );
}
const router = createBrowserRouter([{ path: '*', element: <Page /> }]);
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ConfigProvider locale={viVN}><App><QueryClientProvider client={new QueryClient()}><RouterProvider router={router} /></QueryClientProvider></App></ConfigProvider>
  </StrictMode>,
);
`,
  );
}

async function main(): Promise<void> {
  const out = mkdtempSync(path.join(os.tmpdir(), 'cchc-bundle-'));
  // Inside web/ so that the bare page resolves the same node_modules; removed at the end.
  const floorDir = path.join(webRoot, `.bench-floor-${process.pid}`);
  try {
    const appOut = path.join(out, 'app');
    const manifest = await buildInto(webRoot, appOut);
    const entry = entryKey(manifest);
    const firstFiles = closure(manifest, [entry]);
    const scoringKey = Object.keys(manifest).find((k) => k.includes('features/self-assessment/routes'));
    const scoringFiles = closure(manifest, scoringKey ? [entry, scoringKey] : [entry]);
    const first = gzipKb(appOut, firstFiles);
    const scoring = gzipKb(appOut, scoringFiles);
    const allFiles = new Set(Object.values(manifest).flatMap((c) => [c.file, ...(c.css ?? [])]));
    const all = gzipKb(appOut, allFiles);

    writeFloorApp(floorDir);
    const floorOut = path.join(out, 'floor');
    const floorManifest = await buildInto(floorDir, floorOut);
    const floor = gzipKb(floorOut, closure(floorManifest, [entryKey(floorManifest)]));

    const biggest = [...allFiles]
      .map((f) => ({ f, ...gzipKb(appOut, [f]) }))
      .sort((a, b) => b.gzip - a.gzip)
      .slice(0, 8);
    const kb = (x: number) => x.toFixed(0);
    console.log(
      [
        `vite build of web/ with its own vite.config.ts, ${new Date().toISOString()}; gzip level 6 per file; ${allFiles.size} JS/CSS files in all.`,
        '',
        '| What the browser downloads | Files | Raw KB | Gzip KB |',
        '| --- | ---: | ---: | ---: |',
        `| First page (sign-in): entry + static imports + CSS | ${firstFiles.size} | ${kb(first.raw)} | ${kb(first.gzip)} |`,
        `| Scoring page: the above + ${scoringKey ? `the route chunk \`${scoringKey}\` and its imports` : 'nothing (routes are not split: everything is in the first page)'} | ${scoringFiles.size} | ${kb(scoring.raw)} | ${kb(scoring.gzip)} |`,
        `| Every chunk of the app (all pages) | ${allFiles.size} | ${kb(all.raw)} | ${kb(all.gzip)} |`,
        `| Limit: bare React + React Router + TanStack Query + Ant Design page (vi_VN) | — | ${kb(floor.raw)} | ${kb(floor.gzip)} |`,
        '',
        `Largest files (gzip KB): ${biggest.map((b) => `${path.basename(b.f)} ${kb(b.gzip)}`).join(', ')}.`,
      ].join('\n'),
    );
    const limit = { label: 'bare React + Router + Query + antd page', value: floor.gzip };
    emitFigures([
      {
        id: 'web.first-page',
        label: 'Web bundle of the first page (sign-in), gzip',
        value: first.gzip,
        unit: 'KB',
        limit,
        note: `${firstFiles.size} files`,
      },
      {
        id: 'web.scoring-page',
        label: 'Web bundle of the scoring page, gzip',
        value: scoring.gzip,
        unit: 'KB',
        limit,
        note: `${scoringFiles.size} files`,
      },
    ]);
  } finally {
    rmSync(floorDir, { recursive: true, force: true });
    rmSync(out, { recursive: true, force: true });
  }
}

await main();

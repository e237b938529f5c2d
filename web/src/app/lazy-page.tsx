import { Spin } from 'antd';
import { type ComponentType, lazy, Suspense } from 'react';

/**
 * A page loaded on first visit (route-level code splitting, issue 9): the sign-in page must not
 * download the charts, the Excel tools and every other page first. `load` imports the page's
 * module; `name` is the exported component. While the chunk arrives, a spinner holds the page's
 * place inside the layout (the header and menu stay).
 */
export function lazyPage<M extends Record<string, unknown>, K extends keyof M & string>(
  load: () => Promise<M>,
  name: K,
): ComponentType {
  const Page = lazy(async () => ({ default: (await load())[name] as ComponentType }));
  // biome-ignore lint/correctness/noComponentHookFactories: a factory called once per page at module level (router.tsx), not during render.
  function LazyPage() {
    return (
      <Suspense
        fallback={
          <div style={{ padding: 48, textAlign: 'center' }} data-testid="page-loading">
            <Spin />
          </div>
        }
      >
        <Page />
      </Suspense>
    );
  }
  LazyPage.displayName = `Lazy(${name})`;
  return LazyPage;
}

import { useEffect, useRef } from 'react';

/**
 * A wide table scrolls sideways on a narrow screen; its scroll box must then be reachable by
 * keyboard (axe: scrollable-region-focusable). Put the returned ref on a wrapper of the Table.
 */
export function useKeyboardScrollable(label: string) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const box = ref.current?.querySelector<HTMLElement>('.ant-table-content, .ant-table-body');
    if (box && box.tabIndex !== 0) {
      box.tabIndex = 0;
      box.setAttribute('role', 'region');
      box.setAttribute('aria-label', label);
    }
  });
  return ref;
}

import { useEffect, useRef } from 'react';

/** Brings a message shown above a long form into view (the save button sits at its bottom). */
export function useScrollIntoViewWhen<T extends HTMLElement>(shown: unknown) {
  const ref = useRef<T>(null);
  useEffect(() => {
    if (shown) {
      ref.current?.scrollIntoView?.({ block: 'center', behavior: 'smooth' });
    }
  }, [shown]);
  return ref;
}

import { useEffect, useSyncExternalStore } from 'react';

/**
 * Keeps unsaved work alive when the session is lost. A page that holds unsaved changes registers
 * them with {@link useUnsavedWork}; while any is registered, a 401 from the API does not send the
 * user to /login (which would throw the work away) but asks for the password again in place
 * (ReloginModal in features/auth, mounted once by app/router.tsx). After a successful
 * sign-in the page's listeners ({@link useAfterRelogin}) run, e.g. to repeat the failed save.
 */

let unsavedCount = 0;
let reloginOpen = false;
const openListeners = new Set<() => void>();
const reloginListeners = new Set<() => void>();

function emitOpen(): void {
  for (const listener of openListeners) {
    listener();
  }
}

/** Whether some page on screen holds changes that a redirect to /login would lose. */
export function hasUnsavedWork(): boolean {
  return unsavedCount > 0;
}

/** Registers unsaved work while `active` is true (an editor with changes not yet saved). */
export function useUnsavedWork(active: boolean): void {
  useEffect(() => {
    if (!active) {
      return;
    }
    unsavedCount += 1;
    return () => {
      unsavedCount -= 1;
    };
  }, [active]);
}

/** Opens the "sign in again" dialog (called by the API client on a 401 while work is unsaved). */
export function requestRelogin(): void {
  if (!reloginOpen) {
    reloginOpen = true;
    emitOpen();
  }
}

/** The dialog was closed without signing in: the page stays as it is, the work still unsaved. */
export function dismissRelogin(): void {
  if (reloginOpen) {
    reloginOpen = false;
    emitOpen();
  }
}

/** Signed in again: closes the dialog and tells the pages (which may now retry what failed). */
export function completeRelogin(): void {
  reloginOpen = false;
  emitOpen();
  for (const listener of [...reloginListeners]) {
    listener();
  }
}

function subscribeOpen(listener: () => void): () => void {
  openListeners.add(listener);
  return () => openListeners.delete(listener);
}

function isReloginOpen(): boolean {
  return reloginOpen;
}

/** Whether the "sign in again" dialog should be shown. */
export function useReloginOpen(): boolean {
  return useSyncExternalStore(subscribeOpen, isReloginOpen, isReloginOpen);
}

/** Runs `listener` after each successful in-place sign-in while the component is mounted. */
export function useAfterRelogin(listener: () => void): void {
  useEffect(() => {
    reloginListeners.add(listener);
    return () => {
      reloginListeners.delete(listener);
    };
  }, [listener]);
}

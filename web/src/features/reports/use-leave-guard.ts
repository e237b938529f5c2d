import { App } from 'antd';
import { useCallback, useEffect, useRef } from 'react';
import { type BlockerFunction, useBlocker } from 'react-router-dom';
import { useUnsavedWork } from '../../lib/session-recovery';
import { useReportsT } from './messages';

/**
 * Unsaved edits are not dropped silently (the index-set editor's pattern): the browser asks on
 * reload or close, the app asks before navigating to another page, and a lost session asks for
 * the password in place instead of leaving for /login (lib/session-recovery).
 * A router supports one blocker at a time: one guarded editor per page.
 */
export function useLeaveGuard(dirty: boolean): void {
  const t = useReportsT();
  const { modal } = App.useApp();
  useUnsavedWork(dirty);

  useEffect(() => {
    if (!dirty) {
      return;
    }
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [dirty]);

  const blocker = useBlocker(
    useCallback<BlockerFunction>(
      ({ currentLocation, nextLocation }) =>
        dirty && currentLocation.pathname !== nextLocation.pathname && nextLocation.pathname !== '/login',
      [dirty],
    ),
  );
  const asking = useRef(false);
  useEffect(() => {
    if (blocker.state !== 'blocked' || asking.current) {
      return;
    }
    asking.current = true;
    modal.confirm({
      title: t('leave.title'),
      content: t('leave.body'),
      okText: t('leave.ok'),
      cancelText: t('leave.cancel'),
      okButtonProps: { danger: true },
      onOk: () => {
        asking.current = false;
        blocker.proceed();
      },
      onCancel: () => {
        asking.current = false;
        blocker.reset();
      },
    });
  }, [blocker, modal, t]);
}

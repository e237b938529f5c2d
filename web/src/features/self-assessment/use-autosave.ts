import type { AnswerView, SaveAnswerInput, ScorecardView } from '@cchc/domain/api/scorecards';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { describeError, isApiError } from '../../lib/api-client';
import { type Lang, translate } from '../../lib/i18n';
import { useAfterRelogin, useUnsavedWork } from '../../lib/session-recovery';
import { putCachedAnswer, saveAnswer, scorecardKey } from './api';
import { cleanAnswer, type Draft, draftOf, type Outline, scoreDraft } from './model';

/** Whether a stored answer holds exactly what a save would write. */
function sameContent(a: AnswerView, input: SaveAnswerInput): boolean {
  return (
    JSON.stringify(a.value ?? null) === JSON.stringify(input.value ?? null) &&
    a.note === input.note.trim() &&
    a.noEvidenceReason === input.noEvidenceReason.trim() &&
    a.naClaimed === input.naClaimed &&
    a.naReason === input.naReason.trim() &&
    !a.isCarriedDraft
  );
}

/** How long after the last keystroke a leaf is saved. */
export const AUTOSAVE_DELAY_MS = 1000;

export interface LeafSave {
  /** pending: waiting for the debounce; invalid: not savable as typed; error: the server refused. */
  status: 'pending' | 'saving' | 'invalid' | 'error' | 'conflict';
  message?: string;
  /** 409 EDIT_CONFLICT: what the other person saved (null: the answer no longer exists). */
  conflict?: { current: AnswerView | null; currentVersion: number };
}

export interface Autosave {
  drafts: Readonly<Record<string, Draft>>;
  saves: Readonly<Record<string, LeafSave>>;
  lastSavedAt: Date | null;
  /** Changes one leaf; saved ~1 s after the last change. */
  edit(code: string, patch: Partial<Draft>): void;
  /** Saves a carried (last year's) answer as it is, which confirms it. */
  confirm(code: string): void;
  /** Saves every pending change now and waits; true when nothing is left unsaved. */
  flushAll(): Promise<boolean>;
  /** The user's choice after a conflict: keep the other person's value, or save theirs over it. */
  resolve(code: string, choice: 'theirs' | 'mine'): void;
  /** Drops the unsaved change of one leaf. */
  discard(code: string): void;
  retry(code: string): void;
}

/**
 * Autosave of the answers of one scorecard. Each leaf is saved on its own (PUT …/answers/:leaf)
 * with the rowVersion the page last saw; a save never overwrites silently: a 409 EDIT_CONFLICT
 * keeps the officer's draft and shows the other person's value until the officer chooses.
 * Drafts the engine cannot score (or with nothing entered) are kept but not sent.
 */
export function useAutosave(
  scorecardId: string,
  outline: Outline | null,
  editable: boolean,
  lang: Lang,
): Autosave {
  const queryClient = useQueryClient();
  const [drafts, setDrafts] = useState<Record<string, Draft>>({});
  const [saves, setSaves] = useState<Record<string, LeafSave>>({});
  const [lastSavedAt, setLastSavedAt] = useState<Date | null>(null);
  const draftsRef = useRef<Record<string, Draft>>({});
  const savesRef = useRef<Record<string, LeafSave>>({});
  const timers = useRef(new Map<string, ReturnType<typeof setTimeout>>());
  const inflight = useRef(new Map<string, Promise<void>>());
  const again = useRef(new Set<string>());
  const outlineRef = useRef(outline);
  outlineRef.current = outline;
  const langRef = useRef(lang);
  langRef.current = lang;

  const setDraft = useCallback((code: string, draft: Draft | null) => {
    const next = { ...draftsRef.current };
    if (draft) {
      next[code] = draft;
    } else {
      delete next[code];
    }
    draftsRef.current = next;
    setDrafts(next);
  }, []);

  const setSave = useCallback((code: string, save: LeafSave | null) => {
    const next = { ...savesRef.current };
    if (save) {
      next[code] = save;
    } else {
      delete next[code];
    }
    savesRef.current = next;
    setSaves(next);
  }, []);

  const savedAnswer = useCallback(
    (code: string) =>
      queryClient
        .getQueryData<ScorecardView>(scorecardKey(scorecardId))
        ?.answers.find((a) => a.leafCode === code),
    [queryClient, scorecardId],
  );

  const flush = useCallback(
    (code: string): Promise<void> => {
      const timer = timers.current.get(code);
      if (timer) {
        clearTimeout(timer);
        timers.current.delete(code);
      }
      const running = inflight.current.get(code);
      if (running) {
        again.current.add(code);
        return running;
      }
      const draft = draftsRef.current[code];
      const entry = outlineRef.current?.byCode.get(code);
      if (!draft || !entry || savesRef.current[code]?.status === 'conflict') {
        return Promise.resolve();
      }
      const t = (key: Parameters<typeof translate>[1]) => translate(langRef.current, key);
      let value: Record<string, unknown> | null = null;
      if (draft.naClaimed) {
        if (!draft.naReason.trim()) {
          setSave(code, { status: 'invalid', message: t('sa.needNaReason') });
          return Promise.resolve();
        }
      } else {
        const cleaned = cleanAnswer(draft.value);
        if (!cleaned) {
          setSave(code, { status: 'invalid', message: t('sa.incomplete') });
          return Promise.resolve();
        }
        const score = scoreDraft(entry, draft);
        if (!score?.ok) {
          setSave(code, { status: 'invalid', message: score ? score.error : t('sa.incomplete') });
          return Promise.resolve();
        }
        value = cleaned;
      }
      const input: SaveAnswerInput = {
        rowVersion: savedAnswer(code)?.rowVersion ?? 0,
        value,
        note: draft.note,
        noEvidenceReason: draft.noEvidenceReason,
        naClaimed: draft.naClaimed,
        naReason: draft.naClaimed ? draft.naReason : '',
      };
      setSave(code, { status: 'saving' });
      const run = saveAnswer(scorecardId, code, input)
        .then((answer) => {
          putCachedAnswer(queryClient, scorecardId, answer);
          setLastSavedAt(new Date());
          if (draftsRef.current[code] === draft) {
            setDraft(code, null);
            setSave(code, null);
          } else {
            again.current.add(code);
          }
          void queryClient.invalidateQueries({ queryKey: ['campaigns'] });
        })
        .catch((error: unknown) => {
          if (isApiError(error) && error.code === 'EDIT_CONFLICT') {
            const details = error.details as { current?: AnswerView | null; currentVersion?: number };
            if (details.current && sameContent(details.current, input)) {
              // What is stored is exactly what we sent (e.g. our own earlier save, seen through a
              // stale cache): nothing to choose between — adopt its version and carry on.
              putCachedAnswer(queryClient, scorecardId, details.current);
              setLastSavedAt(new Date());
              if (draftsRef.current[code] === draft) {
                setDraft(code, null);
                setSave(code, null);
              } else {
                again.current.add(code);
              }
              return;
            }
            setSave(code, {
              status: 'conflict',
              conflict: { current: details.current ?? null, currentVersion: details.currentVersion ?? 0 },
            });
            return;
          }
          if (
            isApiError(error) &&
            (error.code === 'SCORECARD_LOCKED' ||
              error.code === 'DEADLINE_PASSED' ||
              error.code === 'FORBIDDEN')
          ) {
            // The page shows why (lockedReason) once the view is reloaded.
            void queryClient.invalidateQueries({ queryKey: scorecardKey(scorecardId) });
          }
          setSave(code, { status: 'error', message: describeError(error, langRef.current) });
        })
        .finally(() => {
          inflight.current.delete(code);
          if (again.current.delete(code) && draftsRef.current[code]) {
            void flush(code);
          }
        });
      inflight.current.set(code, run);
      return run;
    },
    [queryClient, scorecardId, savedAnswer, setDraft, setSave],
  );

  const schedule = useCallback(
    (code: string) => {
      const timer = timers.current.get(code);
      if (timer) {
        clearTimeout(timer);
      }
      timers.current.set(
        code,
        setTimeout(() => {
          timers.current.delete(code);
          void flush(code);
        }, AUTOSAVE_DELAY_MS),
      );
    },
    [flush],
  );

  const edit = useCallback(
    (code: string, patch: Partial<Draft>) => {
      if (!editable) {
        return;
      }
      const base = draftsRef.current[code] ?? draftOf(savedAnswer(code));
      setDraft(code, { ...base, ...patch });
      if (savesRef.current[code]?.status !== 'conflict') {
        setSave(code, { status: 'pending' });
        schedule(code);
      }
    },
    [editable, savedAnswer, setDraft, setSave, schedule],
  );

  const confirm = useCallback(
    (code: string) => {
      if (!editable) {
        return;
      }
      setDraft(code, draftsRef.current[code] ?? draftOf(savedAnswer(code)));
      void flush(code);
    },
    [editable, savedAnswer, setDraft, flush],
  );

  const flushAll = useCallback(async () => {
    const codes = Object.keys(draftsRef.current);
    await Promise.allSettled(codes.map((c) => flush(c)));
    // A save may have queued another (the officer typed meanwhile): wait for those too.
    await Promise.allSettled([...inflight.current.values()]);
    return Object.keys(draftsRef.current).length === 0;
  }, [flush]);

  const resolve = useCallback(
    (code: string, choice: 'theirs' | 'mine') => {
      const conflict = savesRef.current[code]?.conflict;
      if (conflict?.current) {
        putCachedAnswer(queryClient, scorecardId, conflict.current);
      } else {
        void queryClient.invalidateQueries({ queryKey: scorecardKey(scorecardId) });
      }
      setSave(code, null);
      if (choice === 'theirs') {
        setDraft(code, null);
        return;
      }
      if (!conflict?.current) {
        // The other save is gone; the next save starts from "never saved".
        queryClient.setQueryData<ScorecardView>(scorecardKey(scorecardId), (view) =>
          view ? { ...view, answers: view.answers.filter((a) => a.leafCode !== code) } : view,
        );
      }
      void flush(code);
    },
    [queryClient, scorecardId, setDraft, setSave, flush],
  );

  const discard = useCallback(
    (code: string) => {
      const timer = timers.current.get(code);
      if (timer) {
        clearTimeout(timer);
        timers.current.delete(code);
      }
      setDraft(code, null);
      setSave(code, null);
    },
    [setDraft, setSave],
  );

  const retry = useCallback((code: string) => void flush(code), [flush]);

  // After signing in again in place, send what failed meanwhile.
  useAfterRelogin(
    useCallback(() => {
      for (const [code, save] of Object.entries(savesRef.current)) {
        if (save.status === 'error') {
          void flush(code);
        }
      }
    }, [flush]),
  );

  const unsaved = Object.keys(drafts).length > 0;
  useUnsavedWork(unsaved);

  useEffect(() => {
    if (!unsaved) {
      return;
    }
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      e.preventDefault();
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => window.removeEventListener('beforeunload', onBeforeUnload);
  }, [unsaved]);

  // Leaving the page: send what is waiting for its debounce instead of dropping it.
  useEffect(
    () => () => {
      for (const code of [...timers.current.keys()]) {
        void flush(code);
      }
    },
    [flush],
  );

  return { drafts, saves, lastSavedAt, edit, confirm, flushAll, resolve, discard, retry };
}

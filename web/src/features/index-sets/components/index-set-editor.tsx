import {
  ArrowLeftOutlined,
  CheckCircleOutlined,
  MenuFoldOutlined,
  MenuUnfoldOutlined,
  SaveOutlined,
} from '@ant-design/icons';
import type { IndexSetDetail } from '@cchc/domain/api/index-sets';
import type { IndexSetDocument } from '@cchc/domain/index-set/format';
import { isLeaf } from '@cchc/domain/index-set/format';
import { parseIndexSet } from '@cchc/domain/index-set/validate';
import { Alert, App, Button, Card, Empty, Flex, Grid, Spin, Tabs, Tag, Tooltip, Typography } from 'antd';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { type BlockerFunction, Link, useBlocker } from 'react-router-dom';
import { PageHeader } from '../../../components/ui/page-header';
import { QueryError } from '../../../components/ui/query-error';
import { describeError, isApiError } from '../../../lib/api-client';
import { formatDateTime } from '../../../lib/format';
import { useLang, useT } from '../../../lib/i18n';
import { requestRelogin, useAfterRelogin, useUnsavedWork } from '../../../lib/session-recovery';
import { useIndexSet, useIndexSets, useSaveIndexSetDocument } from '../api';
import {
  type AdjustmentKind,
  getAt,
  locateError,
  replaceAt,
  type Selection,
  withSortedTiers,
} from '../document';
import { clearDraft, readDraft, type StoredDraft, storeDraft } from '../draft-storage';
import { limitErrors } from '../limits';
import { versionStandings } from '../versions';
import { AdjustmentsEditor } from './adjustments-editor';
import { CloneModal } from './clone-modal';
import { GeneralForm } from './general-form';
import { DownloadButtons, NewVersionButton, PublishButton } from './index-set-actions';
import { IndexSetStatusTag, VersionStandingTag } from './index-sets-list';
import { LeafForm, NodeForm } from './item-forms';
import { LocatedErrors, locatedErrorsOf, type ShownError, vietnameseErrors } from './located-errors';
import { PreviewPanel } from './preview-panel';
import { StructureTree } from './structure-tree';

type TabKey = 'tree' | 'adjustments' | 'general' | 'preview';

type ErrorPanel = { title: string; errors: ShownError[] } | null;

/** Loads one version, then hands it to the editor (remounted per version). */
export function IndexSetEditorPage({ id }: { id: string }) {
  const t = useT();
  const detail = useIndexSet(id);
  if (detail.isPending) {
    return (
      <Flex justify="center" style={{ padding: 48 }}>
        <Spin size="large" description={t('common.loading')} />
      </Flex>
    );
  }
  if (detail.isError) {
    const notFound = isApiError(detail.error) && detail.error.code === 'NOT_FOUND';
    return (
      <>
        <PageHeader title={notFound ? t('indexSets.notFound') : t('indexSets.pageTitle')} />
        <BackLink />
        <QueryError error={detail.error} onRetry={notFound ? undefined : () => void detail.refetch()} />
      </>
    );
  }
  return <IndexSetEditor key={detail.data.id} detail={detail.data} />;
}

function BackLink() {
  const t = useT();
  return (
    <Link to="/index-sets" style={{ display: 'inline-block', marginBottom: 12 }} data-testid="index-set-back">
      <ArrowLeftOutlined aria-hidden /> {t('indexSets.backToList')}
    </Link>
  );
}

/**
 * The editor of one version. The whole document lives in local state (`doc`); every form writes
 * into it, and "Lưu" sends it in one PUT. `baseline` is the last saved document, so `doc !==
 * baseline` means unsaved changes (guarded on leaving). `revision` remounts the forms when the
 * document is replaced wholesale (after a save, the server's canonical copy comes back).
 *
 * Unsaved work is never dropped silently: leaving asks first (router blocker, beforeunload); a
 * save refused because the session was lost keeps the page and asks for the password in place
 * (lib/session-recovery), then saves again; and a copy goes to sessionStorage whenever the work is
 * at risk, offered back when the editor opens again.
 */
function IndexSetEditor({ detail }: { detail: IndexSetDetail }) {
  const t = useT();
  const lang = useLang();
  const { message, modal } = App.useApp();
  const screens = Grid.useBreakpoint();
  const save = useSaveIndexSetDocument();
  const list = useIndexSets();
  const initial = detail.document as unknown as IndexSetDocument;
  const [baseline, setBaseline] = useState<IndexSetDocument>(initial);
  const [doc, setDoc] = useState<IndexSetDocument>(initial);
  const [revision, setRevision] = useState(0);
  const [tab, setTab] = useState<TabKey>('tree');
  const [treeSelection, setTreeSelection] = useState<number[] | null>(null);
  const [adjustSelection, setAdjustSelection] = useState<{ kind: AdjustmentKind; index: number } | null>(
    null,
  );
  const [errorPanel, setErrorPanel] = useState<ErrorPanel>(null);
  const [cloning, setCloning] = useState(false);
  const [treeHidden, setTreeHidden] = useState(false);
  const [sessionLost, setSessionLost] = useState(false);

  const canEdit = detail.status === 'DRAFT' && detail.allowedActions.includes('indexSet.edit');
  const readOnly = !canEdit;
  const dirty = doc !== baseline;
  const [storedDraft, setStoredDraft] = useState<StoredDraft | null>(() =>
    canEdit ? readDraft(detail.id) : null,
  );
  const standing = useMemo(() => versionStandings(list.data ?? []).get(detail.id), [list.data, detail.id]);

  // While there are unsaved changes, a lost session asks for the password here instead of /login.
  useUnsavedWork(dirty);

  const docRef = useRef(doc);
  docRef.current = doc;
  const keepDraft = useCallback(
    () =>
      storeDraft(detail.id, {
        savedAt: new Date().toISOString(),
        baseUpdatedAt: detail.updatedAt,
        document: docRef.current,
      }),
    [detail.id, detail.updatedAt],
  );

  // Leaving with unsaved changes: the browser asks on reload/close (and a copy is kept for this
  // tab in case the user goes anyway), the app asks on navigation.
  useEffect(() => {
    if (!dirty) {
      return;
    }
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', onBeforeUnload);
    window.addEventListener('pagehide', keepDraft);
    return () => {
      window.removeEventListener('beforeunload', onBeforeUnload);
      window.removeEventListener('pagehide', keepDraft);
    };
  }, [dirty, keepDraft]);
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
      title: t('indexSets.leaveTitle'),
      content: t('indexSets.leaveBody'),
      okText: t('indexSets.leave'),
      cancelText: t('indexSets.stay'),
      okButtonProps: { danger: true },
      onOk: () => {
        asking.current = false;
        // Left on purpose: the changes are given up, no copy is offered later.
        clearDraft(detail.id);
        blocker.proceed();
      },
      onCancel: () => {
        asking.current = false;
        blocker.reset();
      },
    });
  }, [blocker, modal, t, detail.id]);

  // A save that failed because the session was lost is repeated once the user has signed in again.
  const retrySave = useRef(false);
  const onSave = () => {
    const tooLong = limitErrors(doc, t);
    if (tooLong.length > 0) {
      setErrorPanel({ title: t('indexSets.checkFailed'), errors: tooLong });
      return;
    }
    save.mutate(
      { id: detail.id, document: withSortedTiers(doc) },
      {
        onSuccess: (saved) => {
          const next = saved.document as unknown as IndexSetDocument;
          setBaseline(next);
          setDoc(next);
          setRevision((r) => r + 1);
          setErrorPanel(null);
          setSessionLost(false);
          clearDraft(detail.id);
          void message.success(t('indexSets.saved'));
        },
        onError: (error) => {
          if (isApiError(error) && error.status === 401) {
            // The API client has opened the sign-in dialog; the edit stays on the page (and in this
            // tab's storage, should the page be closed meanwhile).
            retrySave.current = true;
            setSessionLost(true);
            keepDraft();
            return;
          }
          const errors = locatedErrorsOf(error);
          if (errors.length > 0) {
            setErrorPanel({ title: describeError(error, lang), errors });
          } else {
            setErrorPanel(null);
            void message.error(describeError(error, lang));
          }
        },
      },
    );
  };
  const onSaveRef = useRef(onSave);
  onSaveRef.current = onSave;
  useAfterRelogin(
    useCallback(() => {
      setSessionLost(false);
      if (retrySave.current) {
        retrySave.current = false;
        void message.info(t('indexSets.retrySaving'));
        onSaveRef.current();
      }
    }, [message, t]),
  );

  // The same validation as the server's, in the browser: every problem without saving.
  const onCheck = () => {
    const tooLong = limitErrors(doc, t);
    const result = parseIndexSet(doc);
    const errors = [...tooLong, ...(result.ok ? [] : vietnameseErrors(result.errors))];
    if (errors.length === 0) {
      setErrorPanel(null);
      void message.success(t('indexSets.checkOk'));
    } else {
      setErrorPanel({ title: t('indexSets.checkFailed'), errors });
    }
  };

  const goTo = (selection: Selection) => {
    if (selection.area === 'tree') {
      setTab('tree');
      setTreeHidden(false);
      setTreeSelection(selection.path);
    } else if (selection.area === 'adjustment') {
      setTab('adjustments');
      setAdjustSelection(selection.index >= 0 ? { kind: selection.kind, index: selection.index } : null);
    } else {
      setTab('general');
    }
    document.getElementById('index-set-workspace')?.scrollIntoView({ block: 'start', behavior: 'smooth' });
  };

  const selectedItem = treeSelection ? getAt(doc, treeSelection) : undefined;
  const formKey = `${treeSelection?.join('.') ?? ''}-${revision}`;

  // Two columns (tree | selected item) from 992 px up; the tree column can be folded away to give
  // the form the whole width. Below 992 px the form follows the tree.
  const twoColumns = Boolean(screens.lg);
  const showTree = !(twoColumns && treeHidden);
  const treeToggle = twoColumns ? (
    <Button
      size="small"
      type="text"
      icon={treeHidden ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
      onClick={() => setTreeHidden((hidden) => !hidden)}
      aria-expanded={!treeHidden}
      aria-controls="index-set-tree-column"
      data-testid="index-set-tree-toggle"
    >
      {treeHidden ? t('indexSets.treeShow') : t('indexSets.treeHide')}
    </Button>
  ) : null;

  const treeTab = (
    <div
      style={{
        // Cells stretch to the row's height, so that the item card can stay in view (sticky).
        display: 'grid',
        gap: 16,
        gridTemplateColumns: !twoColumns
          ? 'minmax(0, 1fr)'
          : treeHidden
            ? 'minmax(0, 1fr)'
            : screens.xl
              ? 'minmax(0, 11fr) minmax(0, 13fr)'
              : 'minmax(0, 2fr) minmax(0, 3fr)',
      }}
      data-testid="index-set-tree-layout"
      data-columns={twoColumns && !treeHidden ? 2 : 1}
    >
      {showTree ? (
        <div id="index-set-tree-column" style={{ minWidth: 0 }}>
          <StructureTree
            doc={doc}
            selected={selectedItem ? treeSelection : null}
            readOnly={readOnly}
            toolbarExtra={treeToggle}
            onSelect={setTreeSelection}
            onChange={(next, select) => {
              setDoc(next);
              setTreeSelection(select);
            }}
          />
        </div>
      ) : null}
      <div style={{ minWidth: 0 }}>
        {treeHidden && treeToggle ? <div style={{ marginBottom: 4 }}>{treeToggle}</div> : null}
        {/* Sticky (scrolling on its own), so that the form stays in view next to a long tree. */}
        <Card
          size="small"
          style={
            twoColumns
              ? { position: 'sticky', top: 76, maxHeight: 'calc(100vh - 92px)', overflowY: 'auto' }
              : undefined
          }
          // A scrollable region must be reachable by keyboard even when its fields are read-only.
          tabIndex={0}
          role="region"
          aria-label={t('indexSets.itemPanel')}
        >
          {selectedItem && treeSelection ? (
            isLeaf(selectedItem) ? (
              <LeafForm
                key={formKey}
                doc={doc}
                leaf={selectedItem}
                formName="index-set-leaf"
                readOnly={readOnly}
                onChange={(leaf) => setDoc((current) => replaceAt(current, treeSelection, leaf))}
              />
            ) : (
              <NodeForm
                key={formKey}
                doc={doc}
                node={selectedItem}
                depth={treeSelection.length}
                formName="index-set-node"
                readOnly={readOnly}
                onChange={(node) => setDoc((current) => replaceAt(current, treeSelection, node))}
              />
            )
          ) : (
            <Empty description={t(readOnly ? 'indexSets.selectToView' : 'indexSets.selectToEdit')} />
          )}
        </Card>
      </div>
    </div>
  );

  const tabs = [
    {
      key: 'tree',
      label: <span data-testid="index-set-tab-tree">{t('indexSets.tabTree')}</span>,
      children: treeTab,
    },
    {
      key: 'adjustments',
      label: <span data-testid="index-set-tab-adjustments">{t('indexSets.tabAdjustments')}</span>,
      children: (
        <AdjustmentsEditor
          doc={doc}
          selected={adjustSelection}
          readOnly={readOnly}
          revision={revision}
          onSelect={setAdjustSelection}
          onChange={(next, select) => {
            setDoc(next);
            if (select !== undefined) {
              setAdjustSelection(select);
            }
          }}
        />
      ),
    },
    {
      key: 'general',
      label: <span data-testid="index-set-tab-general">{t('indexSets.tabGeneral')}</span>,
      children: <GeneralForm key={revision} doc={doc} readOnly={readOnly} onChange={setDoc} />,
    },
    {
      key: 'preview',
      label: <span data-testid="index-set-tab-preview">{t('indexSets.tabPreview')}</span>,
      children: <PreviewPanel doc={doc} />,
    },
  ];

  const setLabel = `${detail.code} v${detail.version}`;
  const canNewVersion = detail.allowedActions.includes('indexSet.newVersion');

  return (
    <>
      <BackLink />
      <PageHeader
        title={detail.name}
        extra={
          <Flex wrap gap={8} justify="end">
            {canEdit ? (
              <>
                <Button icon={<CheckCircleOutlined />} onClick={onCheck} data-testid="index-set-check">
                  {t('indexSets.check')}
                </Button>
                <Button
                  type="primary"
                  icon={<SaveOutlined />}
                  loading={save.isPending}
                  disabled={!dirty}
                  onClick={onSave}
                  data-testid="index-set-save"
                >
                  {t('common.save')}
                </Button>
              </>
            ) : null}
            {detail.allowedActions.includes('indexSet.publish') ? (
              <PublishButton
                set={detail}
                disabledReason={dirty ? t('indexSets.saveBeforePublish') : null}
                testId="index-set-publish"
              />
            ) : null}
            {canNewVersion ? (
              <NewVersionButton
                set={detail}
                disabledReason={dirty ? t('indexSets.saveBeforeCopy') : null}
                testId="index-set-new-version"
              />
            ) : null}
            {detail.allowedActions.includes('indexSet.clone') ? (
              <Tooltip title={dirty ? t('indexSets.saveBeforeCopy') : undefined}>
                <Button onClick={() => setCloning(true)} disabled={dirty} data-testid="index-set-clone">
                  {t('indexSets.clone')}
                </Button>
              </Tooltip>
            ) : null}
            <DownloadButtons set={detail} />
          </Flex>
        }
      />
      <Flex wrap gap={16} align="center" style={{ marginBottom: 16 }} data-testid="index-set-header">
        <span>
          {t('indexSets.code')}: <strong>{detail.code}</strong>
        </span>
        <span>
          {t('indexSets.year')}: <strong>{detail.year}</strong>
        </span>
        <span>
          {t('indexSets.version')}: <strong>v{detail.version}</strong>
        </span>
        <IndexSetStatusTag set={detail} />
        {standing ? (
          <VersionStandingTag
            standing={standing.standing}
            currentVersion={standing.currentVersion}
            testId="index-set-standing"
          />
        ) : null}
        {detail.publishedAt ? (
          <span>{t('indexSets.publishedOn', { time: formatDateTime(detail.publishedAt, lang) })}</span>
        ) : (
          <span>{t('indexSets.updatedOn', { time: formatDateTime(detail.updatedAt, lang) })}</span>
        )}
        {dirty ? (
          <Tag
            style={{ color: '#7a3e00', background: '#fff3e0', borderColor: '#ffcc80' }}
            data-testid="index-set-dirty"
          >
            {t('indexSets.unsaved')}
          </Tag>
        ) : null}
      </Flex>
      {sessionLost ? (
        <Alert
          type="warning"
          showIcon
          title={t('indexSets.sessionLost')}
          action={
            <Button size="small" onClick={requestRelogin} data-testid="index-set-relogin">
              {t('relogin.submit')}
            </Button>
          }
          style={{ marginBottom: 16 }}
          data-testid="index-set-session-lost"
        />
      ) : null}
      {storedDraft ? (
        <Alert
          type="warning"
          showIcon
          title={t('indexSets.draftFound', { time: formatDateTime(storedDraft.savedAt, lang) })}
          description={
            storedDraft.baseUpdatedAt !== detail.updatedAt ? t('indexSets.draftOutdated') : undefined
          }
          action={
            <Flex vertical gap={6}>
              <Button
                size="small"
                type="primary"
                onClick={() => {
                  setDoc(storedDraft.document);
                  setRevision((r) => r + 1);
                  setStoredDraft(null);
                  void message.success(t('indexSets.draftRestored'));
                }}
                data-testid="index-set-draft-restore"
              >
                {t('indexSets.draftRestore')}
              </Button>
              <Button
                size="small"
                onClick={() => {
                  clearDraft(detail.id);
                  setStoredDraft(null);
                }}
                data-testid="index-set-draft-discard"
              >
                {t('indexSets.draftDiscard')}
              </Button>
            </Flex>
          }
          style={{ marginBottom: 16 }}
          data-testid="index-set-draft"
        />
      ) : null}
      {detail.status === 'PUBLISHED' ? (
        <Alert
          type="info"
          showIcon
          title={t('indexSets.frozen')}
          description={canNewVersion ? t('indexSets.frozenHint', { name: setLabel }) : undefined}
          style={{ marginBottom: 16, background: '#eef4fb', borderColor: '#b7cbe3' }}
          data-testid="index-set-frozen"
        />
      ) : null}
      {errorPanel ? (
        <LocatedErrors
          title={errorPanel.title}
          errors={errorPanel.errors}
          testId="index-set-save-errors"
          canLocate={(error) => locateError(doc, error) !== null}
          onLocate={(error) => {
            const selection = locateError(doc, error);
            if (selection) {
              goTo(selection);
            }
          }}
          onClose={() => setErrorPanel(null)}
        />
      ) : null}
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {readOnly ? t('indexSets.readOnlyHint') : t('indexSets.editHint')}
      </Typography.Paragraph>
      <div id="index-set-workspace" style={{ scrollMarginTop: 72 }}>
        <Tabs activeKey={tab} onChange={(key) => setTab(key as TabKey)} items={tabs} />
      </div>
      {cloning ? <CloneModal source={detail} onClose={() => setCloning(false)} /> : null}
    </>
  );
}

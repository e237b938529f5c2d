import {
  ArrowDownOutlined,
  ArrowUpOutlined,
  DeleteOutlined,
  FileAddOutlined,
  FolderAddOutlined,
  PlusOutlined,
} from '@ant-design/icons';
import type { IndexSetDocument, Leaf, Node } from '@cchc/domain/index-set/format';
import { isLeaf } from '@cchc/domain/index-set/format';
import {
  Button,
  type ButtonProps,
  Flex,
  Popconfirm,
  Tag,
  Tree,
  type TreeDataNode,
  type TreeProps,
  Typography,
} from 'antd';
import { type ReactNode, useEffect, useMemo, useState } from 'react';
import { formatPoints } from '../../../lib/format';
import { type TFunction, useLang, useT } from '../../../lib/i18n';
import {
  appendChild,
  getAt,
  keyPath,
  maximumOrNull,
  moveSibling,
  moveTo,
  pathKey,
  removeAt,
  suggestChildCode,
  type TreeItem,
} from '../document';

const tagStyle = {
  color: '#3a3a3a',
  background: '#f0f0f0',
  borderColor: '#d9d9d9',
  marginInlineEnd: 0,
} as const;

/** Points, or "—" while a value below is not valid points yet. */
function pointsLabel(hundredths: number | null, lang: ReturnType<typeof useLang>, t: TFunction): string {
  return hundredths === null ? t('common.none') : formatPoints(hundredths, lang);
}

function itemTitle(item: TreeItem, lang: ReturnType<typeof useLang>, t: TFunction) {
  const leaf = isLeaf(item);
  return (
    <Flex
      gap={8}
      align="baseline"
      justify="space-between"
      style={{ minWidth: 0 }}
      data-testid={`tree-item-${item.code}`}
    >
      {/* Long words (a pasted URL, a name without spaces) wrap instead of widening the page. */}
      <span style={{ minWidth: 0, overflowWrap: 'anywhere' }}>
        <strong>{item.code || t('indexSets.noCode')}</strong> {item.name}
        {item.applicableTo?.length ? (
          <>
            {' '}
            <Tag style={tagStyle}>{item.applicableTo.join(', ')}</Tag>
          </>
        ) : null}
      </span>
      <span style={{ whiteSpace: 'nowrap', fontSize: 12, color: leaf ? '#1d4e89' : 'rgba(0,0,0,0.75)' }}>
        {!leaf && item.maxPoints !== undefined ? `≤ ` : ''}
        {pointsLabel(maximumOrNull(item), lang, t)}
      </span>
    </Flex>
  );
}

function toTreeData(items: TreeItem[], parent: number[], lang: ReturnType<typeof useLang>, t: TFunction) {
  return items.map((item, index): TreeDataNode => {
    const path = [...parent, index];
    return {
      key: pathKey(path),
      title: itemTitle(item, lang, t),
      isLeaf: isLeaf(item),
      children: isLeaf(item) ? undefined : toTreeData(item.children, path, lang, t),
    };
  });
}

function allNodeKeys(items: TreeItem[], parent: number[] = []): string[] {
  return items.flatMap((item, index) => {
    if (isLeaf(item)) {
      return [];
    }
    const path = [...parent, index];
    return [pathKey(path), ...allNodeKeys(item.children, path)];
  });
}

/**
 * The tree of fields → criteria → leaves, with the structural operations of a draft: add a field,
 * add a child node or leaf under the selected node, move up/down (or drag), delete.
 */
export function StructureTree({
  doc,
  selected,
  readOnly,
  toolbarExtra,
  onSelect,
  onChange,
}: {
  doc: IndexSetDocument;
  selected: number[] | null;
  readOnly: boolean;
  /** Shown at the end of the toolbar (e.g. the editor's "hide tree" button). */
  toolbarExtra?: ReactNode;
  onSelect: (path: number[] | null) => void;
  onChange: (doc: IndexSetDocument, select: number[] | null) => void;
}) {
  const t = useT();
  const lang = useLang();
  // Collapsed rather than expanded keys: new nodes show up open. Keys are index paths, so a
  // structural change forgets the collapsed state rather than applying it to the wrong node.
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set());
  const treeData = useMemo(() => toTreeData(doc.nodes, [], lang, t), [doc.nodes, lang, t]);
  const nodeKeys = useMemo(() => allNodeKeys(doc.nodes), [doc.nodes]);
  const expandedKeys = nodeKeys.filter((key) => !collapsed.has(key));

  // A selection made elsewhere (an error in the list) must be visible: open its ancestors.
  const selectedKey = selected ? pathKey(selected) : null;
  useEffect(() => {
    const path = selectedKey ? keyPath(selectedKey) : null;
    if (!path) {
      return;
    }
    const ancestors = path.slice(0, -1).map((_, i) => pathKey(path.slice(0, i + 1)));
    setCollapsed((current) =>
      ancestors.some((key) => current.has(key))
        ? new Set([...current].filter((key) => !ancestors.includes(key)))
        : current,
    );
  }, [selectedKey]);

  const item = selected ? getAt(doc, selected) : undefined;
  const siblingsCount = selected
    ? selected.length === 1
      ? doc.nodes.length
      : ((getAt(doc, selected.slice(0, -1)) as Node | undefined)?.children.length ?? 0)
    : 0;

  const structural = (next: { doc: IndexSetDocument; path: number[] } | null) => {
    if (next) {
      setCollapsed(new Set());
      onChange(next.doc, next.path);
    }
  };

  const addField = () => {
    const node: Node = { code: suggestChildCode(doc, []), name: t('indexSets.newField'), children: [] };
    structural(appendChild(doc, [], node));
  };
  const addNode = () => {
    if (!selected) {
      return;
    }
    const node: Node = { code: suggestChildCode(doc, selected), name: t('indexSets.newNode'), children: [] };
    structural(appendChild(doc, selected, node));
  };
  const addLeaf = () => {
    if (!selected) {
      return;
    }
    const leaf: Leaf = {
      code: suggestChildCode(doc, selected),
      name: t('indexSets.newLeaf'),
      maxPoints: 1,
      method: { type: 'BOOLEAN' },
    };
    structural(appendChild(doc, selected, leaf));
  };
  const remove = () => {
    if (!selected) {
      return;
    }
    setCollapsed(new Set());
    onChange(removeAt(doc, selected), null);
  };

  const onDrop: TreeProps['onDrop'] = (info) => {
    const from = keyPath(String(info.dragNode.key));
    const target = keyPath(String(info.node.key));
    if (!from || !target) {
      return;
    }
    if (!info.dropToGap) {
      structural(moveTo(doc, from, target, 0));
      return;
    }
    const targetIndex = target[target.length - 1]!;
    const relative = info.dropPosition - targetIndex;
    structural(moveTo(doc, from, target.slice(0, -1), relative === -1 ? targetIndex : targetIndex + 1));
  };

  const allowDrop: TreeProps['allowDrop'] = ({ dragNode, dropNode, dropPosition }) => {
    const dropPath = keyPath(String(dropNode.key));
    const dragPath = keyPath(String(dragNode.key));
    if (!dropPath || !dragPath) {
      return false;
    }
    if (dropPosition === 0) {
      return !dropNode.isLeaf;
    }
    // Top level holds fields only.
    return !(dropPath.length === 1 && dragNode.isLeaf);
  };

  const selectedIsNode = item !== undefined && !isLeaf(item);
  const index = selected ? selected[selected.length - 1]! : 0;
  const fieldMaxima = doc.nodes.map(maximumOrNull);
  const fieldsTotal = fieldMaxima.every((m) => m !== null)
    ? fieldMaxima.reduce<number>((sum, m) => sum + (m ?? 0), 0)
    : null;

  return (
    <div>
      {readOnly ? (
        toolbarExtra ? (
          <Flex justify="end" style={{ marginBottom: 8 }}>
            {toolbarExtra}
          </Flex>
        ) : null
      ) : (
        <Flex wrap gap={6} style={{ marginBottom: 8 }}>
          <Button size="small" icon={<PlusOutlined />} onClick={addField} data-testid="tree-add-field">
            {t('indexSets.addField')}
          </Button>
          <Button
            size="small"
            icon={<FolderAddOutlined />}
            disabled={!selectedIsNode}
            onClick={addNode}
            data-testid="tree-add-node"
          >
            {t('indexSets.addNode')}
          </Button>
          <Button
            size="small"
            icon={<FileAddOutlined />}
            disabled={!selectedIsNode}
            onClick={addLeaf}
            data-testid="tree-add-leaf"
          >
            {t('indexSets.addLeaf')}
          </Button>
          <Button
            size="small"
            icon={<ArrowUpOutlined />}
            disabled={!selected || index === 0}
            onClick={() => selected && structural(moveSibling(doc, selected, -1))}
            data-testid="tree-move-up"
          >
            {t('indexSets.moveUp')}
          </Button>
          <Button
            size="small"
            icon={<ArrowDownOutlined />}
            disabled={!selected || index >= siblingsCount - 1}
            onClick={() => selected && structural(moveSibling(doc, selected, 1))}
            data-testid="tree-move-down"
          >
            {t('indexSets.moveDown')}
          </Button>
          <Popconfirm
            title={t('indexSets.deleteConfirm', { code: item?.code ?? '' })}
            description={selectedIsNode ? t('indexSets.deleteNodeHint') : undefined}
            okText={t('indexSets.delete')}
            cancelText={t('common.cancel')}
            okButtonProps={{ danger: true, 'data-testid': 'tree-delete-confirm' } as ButtonProps}
            onConfirm={remove}
            disabled={!selected}
          >
            <Button
              size="small"
              danger
              icon={<DeleteOutlined />}
              disabled={!selected}
              data-testid="tree-delete"
            >
              {t('indexSets.delete')}
            </Button>
          </Popconfirm>
          {toolbarExtra ? <span style={{ marginInlineStart: 'auto' }}>{toolbarExtra}</span> : null}
        </Flex>
      )}
      <div data-testid="index-set-tree" style={{ border: '1px solid #e5e8ee', borderRadius: 6, padding: 4 }}>
        {doc.nodes.length === 0 ? (
          <Typography.Paragraph type="secondary" style={{ margin: 8 }}>
            {t('indexSets.treeEmpty')}
          </Typography.Paragraph>
        ) : (
          <Tree
            blockNode
            showLine
            treeData={treeData}
            expandedKeys={expandedKeys}
            onExpand={(keys) => {
              const open = new Set(keys.map(String));
              setCollapsed(new Set(nodeKeys.filter((key) => !open.has(key))));
            }}
            selectedKeys={selected ? [pathKey(selected)] : []}
            onSelect={(keys) => {
              const key = keys[0];
              // Clicking the selected item again keeps it selected.
              if (key !== undefined) {
                onSelect(keyPath(String(key)));
              }
            }}
            draggable={readOnly ? false : { icon: false }}
            allowDrop={allowDrop}
            onDrop={onDrop}
            aria-label={t('indexSets.treeLabel')}
          />
        )}
      </div>
      <Typography.Paragraph style={{ marginTop: 8, marginBottom: 0 }}>
        {t('indexSets.fieldsTotal', { points: pointsLabel(fieldsTotal, lang, t) })}
      </Typography.Paragraph>
    </div>
  );
}

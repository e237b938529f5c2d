import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import type { AdjustmentGroup, IndexSetDocument, Leaf } from '@cchc/domain/index-set/format';
import { Button, Card, Col, Empty, Flex, Form, Popconfirm, Row, Typography } from 'antd';
import { formatPoints } from '../../../lib/format';
import { useLang, useT } from '../../../lib/i18n';
import { type AdjustmentKind, adjustmentGroup, freeCode, pointsOrNull, withAdjustment } from '../document';
import { DecimalInput } from './decimal-input';
import { LeafForm } from './item-forms';
import { pointsRules } from './method-fields';

const KINDS: AdjustmentKind[] = ['bonus', 'penalty'];

function GroupCard({
  doc,
  kind,
  selected,
  readOnly,
  revision,
  onSelect,
  onChange,
}: {
  doc: IndexSetDocument;
  kind: AdjustmentKind;
  selected: number | null;
  readOnly: boolean;
  revision: number;
  onSelect: (index: number | null) => void;
  onChange: (doc: IndexSetDocument, select?: number | null) => void;
}) {
  const t = useT();
  const lang = useLang();
  const group = adjustmentGroup(doc, kind);
  const title = t(kind === 'bonus' ? 'indexSets.bonus' : 'indexSets.penalty');

  const setGroup = (next: AdjustmentGroup | undefined, select?: number | null) =>
    onChange(withAdjustment(doc, kind, next), select);

  if (!group) {
    return (
      <Card
        size="small"
        title={<h2 style={{ fontSize: 15, margin: 0 }}>{title}</h2>}
        data-testid={`adjust-${kind}`}
      >
        <Typography.Paragraph type="secondary">{t('indexSets.noAdjustment')}</Typography.Paragraph>
        {readOnly ? null : (
          <Button
            size="small"
            icon={<PlusOutlined />}
            onClick={() => setGroup({ maxPoints: 1, items: [] })}
            data-testid={`adjust-${kind}-enable`}
          >
            {t('indexSets.enableAdjustment', { name: title.toLowerCase() })}
          </Button>
        )}
      </Card>
    );
  }

  const move = (index: number, delta: number) => {
    const items = [...group.items];
    const [item] = items.splice(index, 1);
    items.splice(index + delta, 0, item!);
    setGroup({ ...group, items }, index + delta);
  };
  const add = () => {
    const leaf: Leaf = {
      code: freeCode(doc, `${kind === 'bonus' ? 'T' : 'P'}${group.items.length + 1}`),
      name: t(kind === 'bonus' ? 'indexSets.newBonusItem' : 'indexSets.newPenaltyItem'),
      maxPoints: 1,
      method: { type: 'BOOLEAN' },
    };
    setGroup({ ...group, items: [...group.items, leaf] }, group.items.length);
  };

  return (
    <Card
      size="small"
      title={<h2 style={{ fontSize: 15, margin: 0 }}>{title}</h2>}
      data-testid={`adjust-${kind}`}
      extra={
        readOnly ? null : (
          <Popconfirm
            title={t('indexSets.removeAdjustmentConfirm', { name: title.toLowerCase() })}
            okText={t('indexSets.delete')}
            cancelText={t('common.cancel')}
            okButtonProps={{ danger: true }}
            onConfirm={() => setGroup(undefined, null)}
          >
            <Button size="small" type="text" danger icon={<DeleteOutlined />}>
              {t('indexSets.removeAdjustment')}
            </Button>
          </Popconfirm>
        )
      }
    >
      {readOnly ? (
        <Typography.Paragraph style={{ marginBottom: 12 }}>
          {t('indexSets.groupMaxPoints')}:{' '}
          <strong>
            {pointsOrNull(group.maxPoints) === null
              ? t('common.none')
              : formatPoints(pointsOrNull(group.maxPoints) ?? 0, lang)}
          </strong>
        </Typography.Paragraph>
      ) : (
        <Form
          key={revision}
          name={`index-set-${kind}-group`}
          layout="inline"
          initialValues={{ maxPoints: group.maxPoints }}
          onValuesChange={(_, all: { maxPoints: number | null }) =>
            setGroup({ ...group, maxPoints: all.maxPoints as number })
          }
          style={{ marginBottom: 12 }}
        >
          <Form.Item label={t('indexSets.groupMaxPoints')} name="maxPoints" rules={pointsRules(t)}>
            <DecimalInput style={{ width: 140 }} />
          </Form.Item>
        </Form>
      )}
      {group.items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('indexSets.noItems')} />
      ) : (
        <ul style={{ listStyle: 'none', margin: 0, padding: 0 }} aria-label={title}>
          {group.items.map((item, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: codes may repeat while editing; rows hold no state
            <li key={`${index}-${item.code}`}>
              <Flex
                align="center"
                gap={4}
                style={{
                  borderRadius: 6,
                  padding: '2px 4px',
                  background: selected === index ? '#e6eef8' : undefined,
                }}
              >
                <Button
                  type="text"
                  onClick={() => onSelect(index)}
                  aria-pressed={selected === index}
                  style={{ flex: '1 1 auto', textAlign: 'start', height: 'auto', whiteSpace: 'normal' }}
                  data-testid={`adjust-item-${item.code}`}
                >
                  <span>
                    <strong>{item.code}</strong> {item.name} —{' '}
                    <span style={{ color: '#1d4e89' }}>
                      {pointsOrNull(item.maxPoints) === null
                        ? t('common.none')
                        : formatPoints(pointsOrNull(item.maxPoints) ?? 0, lang)}
                    </span>
                  </span>
                </Button>
                {readOnly ? null : (
                  <>
                    <Button
                      type="text"
                      size="small"
                      icon={<ArrowUpOutlined />}
                      aria-label={t('indexSets.itemUp', { code: item.code })}
                      title={t('indexSets.itemUp', { code: item.code })}
                      disabled={index === 0}
                      onClick={() => move(index, -1)}
                    />
                    <Button
                      type="text"
                      size="small"
                      icon={<ArrowDownOutlined />}
                      aria-label={t('indexSets.itemDown', { code: item.code })}
                      title={t('indexSets.itemDown', { code: item.code })}
                      disabled={index === group.items.length - 1}
                      onClick={() => move(index, 1)}
                    />
                    <Popconfirm
                      title={t('indexSets.deleteConfirm', { code: item.code })}
                      okText={t('indexSets.delete')}
                      cancelText={t('common.cancel')}
                      okButtonProps={{ danger: true }}
                      onConfirm={() =>
                        setGroup({ ...group, items: group.items.filter((_, i) => i !== index) }, null)
                      }
                    >
                      <Button
                        type="text"
                        size="small"
                        danger
                        icon={<DeleteOutlined />}
                        aria-label={t('indexSets.itemDelete', { code: item.code })}
                        title={t('indexSets.itemDelete', { code: item.code })}
                      />
                    </Popconfirm>
                  </>
                )}
              </Flex>
            </li>
          ))}
        </ul>
      )}
      {readOnly ? null : (
        <Button
          type="dashed"
          size="small"
          icon={<PlusOutlined />}
          onClick={add}
          style={{ marginTop: 8 }}
          data-testid={`adjust-${kind}-add`}
        >
          {t('indexSets.addItem')}
        </Button>
      )}
    </Card>
  );
}

/** Bonus and penalty groups: each a cap plus items edited like leaves. */
export function AdjustmentsEditor({
  doc,
  selected,
  readOnly,
  revision,
  onSelect,
  onChange,
}: {
  doc: IndexSetDocument;
  selected: { kind: AdjustmentKind; index: number } | null;
  readOnly: boolean;
  revision: number;
  onSelect: (selection: { kind: AdjustmentKind; index: number } | null) => void;
  onChange: (doc: IndexSetDocument, select?: { kind: AdjustmentKind; index: number } | null) => void;
}) {
  const t = useT();
  const item = selected ? adjustmentGroup(doc, selected.kind)?.items[selected.index] : undefined;

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={10}>
        <Flex vertical gap={16}>
          {KINDS.map((kind) => (
            <GroupCard
              key={kind}
              doc={doc}
              kind={kind}
              readOnly={readOnly}
              revision={revision}
              selected={selected?.kind === kind ? selected.index : null}
              onSelect={(index) => onSelect(index === null ? null : { kind, index })}
              onChange={(next, select) =>
                onChange(
                  next,
                  select === undefined ? undefined : select === null ? null : { kind, index: select },
                )
              }
            />
          ))}
        </Flex>
      </Col>
      <Col xs={24} lg={14}>
        {item && selected ? (
          <Card size="small">
            <LeafForm
              key={`${selected.kind}-${selected.index}-${revision}`}
              doc={doc}
              leaf={item}
              formName={`index-set-${selected.kind}-item`}
              readOnly={readOnly}
              onChange={(leaf) => {
                const group = adjustmentGroup(doc, selected.kind);
                if (group) {
                  const items = group.items.map((it, i) => (i === selected.index ? leaf : it));
                  onChange(withAdjustment(doc, selected.kind, { ...group, items }));
                }
              }}
            />
          </Card>
        ) : (
          <Empty description={t('indexSets.selectItemHint')} />
        )}
      </Col>
    </Row>
  );
}

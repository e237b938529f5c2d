import {
  type IndexSetDocument,
  type Leaf,
  METHOD_TYPES,
  type MethodType,
  type Node,
} from '@cchc/domain/index-set/format';
import { Divider, Form, Input, Select, Switch, Typography } from 'antd';
import { useMemo } from 'react';
import { formatPoints } from '../../../lib/format';
import { useLang, useT } from '../../../lib/i18n';
import { maximumOrNull } from '../document';
import { EDITOR_LIMITS } from '../limits';
import { DecimalInput } from './decimal-input';
import { LeafView, NodeView } from './item-view';
import {
  defaultMethodValues,
  hasParams,
  MethodParamsFields,
  type MethodValues,
  methodLabel,
  methodToValues,
  pointsRules,
  valuesToMethod,
} from './method-fields';

/**
 * The right-hand forms of the editor. Each form is mounted per selected item (the parent keys it)
 * and writes every change straight back into the edited document (`onChange`), so that the tree,
 * the totals and the preview follow as the author types. Rules only show hints; the server
 * validates the whole document on save. Lengths are checked by rules (never cut short by the input);
 * a read-only item is shown as text ({@link LeafView}, {@link NodeView}), not as disabled inputs.
 */

const CODE_MAX = EDITOR_LIMITS.itemCode;
const NAME_MAX = EDITOR_LIMITS.name;
const TEXT_MAX = EDITOR_LIMITS.text;

function useGroupOptions(doc: IndexSetDocument) {
  return useMemo(
    () => doc.unitGroups.map((g) => ({ value: g.code, label: `${g.name} (${g.code})` })),
    [doc.unitGroups],
  );
}

function textRules(t: ReturnType<typeof useT>, max: number) {
  return [{ max, message: t('common.maxLength', { max }) }];
}

function codeRules(t: ReturnType<typeof useT>) {
  return [
    { required: true, whitespace: true, message: t('common.required') },
    { max: CODE_MAX, message: t('common.maxLength', { max: CODE_MAX }) },
  ];
}

function nameRules(t: ReturnType<typeof useT>) {
  return [
    { required: true, whitespace: true, message: t('common.required') },
    { max: NAME_MAX, message: t('common.maxLength', { max: NAME_MAX }) },
  ];
}

interface NodeValues {
  code: string;
  name: string;
  maxPoints?: number | null;
  applicableTo?: string[];
}

interface NodeFormProps {
  doc: IndexSetDocument;
  node: Node;
  depth: number;
  formName: string;
  readOnly: boolean;
  onChange: (node: Node) => void;
}

/** A field (top level) or a criterion group: code, name, optional cap, applicability. */
export function NodeForm(props: NodeFormProps) {
  return props.readOnly ? (
    <NodeView doc={props.doc} node={props.node} depth={props.depth} />
  ) : (
    <NodeEditForm {...props} />
  );
}

function NodeEditForm({ doc, node, depth, formName, onChange }: NodeFormProps) {
  const t = useT();
  const lang = useLang();
  const [form] = Form.useForm<NodeValues>();
  const groupOptions = useGroupOptions(doc);
  const maxima = node.children.map(maximumOrNull);
  const childrenSum = maxima.every((m) => m !== null)
    ? formatPoints(
        maxima.reduce<number>((sum, m) => sum + (m ?? 0), 0),
        lang,
      )
    : t('common.none');

  const onValuesChange = (_: Partial<NodeValues>, all: NodeValues) => {
    const next: Node = { code: all.code ?? '', name: all.name ?? '', children: node.children };
    if (typeof all.maxPoints === 'number') {
      next.maxPoints = all.maxPoints;
    }
    if (all.applicableTo && all.applicableTo.length > 0) {
      next.applicableTo = all.applicableTo;
    }
    // Keep the document's key order: code, name, maxPoints, applicableTo, children.
    const { children, ...head } = next;
    onChange({ ...head, children });
  };

  return (
    <Form<NodeValues>
      form={form}
      name={formName}
      layout="vertical"
      initialValues={{
        code: node.code,
        name: node.name,
        maxPoints: node.maxPoints ?? null,
        applicableTo: node.applicableTo ?? [],
      }}
      onValuesChange={onValuesChange}
      data-testid="index-set-node-form"
    >
      <Typography.Title level={2} style={{ fontSize: 16, marginTop: 0 }}>
        {depth === 1
          ? t('indexSets.fieldTitle', { code: node.code })
          : t('indexSets.nodeTitle', { code: node.code })}
      </Typography.Title>
      <Form.Item label={t('indexSets.code')} name="code" rules={codeRules(t)} extra={t('indexSets.codeHint')}>
        <Input autoComplete="off" spellCheck={false} style={{ maxWidth: 240 }} />
      </Form.Item>
      <Form.Item label={t('indexSets.name')} name="name" rules={nameRules(t)}>
        <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} />
      </Form.Item>
      <Form.Item
        label={t('indexSets.nodeCap')}
        name="maxPoints"
        extra={t('indexSets.nodeCapHint', { sum: childrenSum })}
        rules={pointsRules(t, { required: false })}
      >
        <DecimalInput style={{ maxWidth: 200 }} />
      </Form.Item>
      <Form.Item
        label={t('indexSets.applicableTo')}
        name="applicableTo"
        extra={t('indexSets.applicableToHint')}
      >
        <Select mode="multiple" allowClear options={groupOptions} placeholder={t('indexSets.allGroups')} />
      </Form.Item>
    </Form>
  );
}

interface LeafValues {
  code: string;
  name: string;
  maxPoints: number | null;
  method: MethodValues;
  guidance?: string;
  evidence?: string;
  evidenceRequired: boolean;
  applicableTo?: string[];
}

interface LeafFormProps {
  doc: IndexSetDocument;
  leaf: Leaf;
  formName: string;
  readOnly: boolean;
  showApplicability?: boolean;
  onChange: (leaf: Leaf) => void;
}

/** A leaf (scored criterion, or a bonus/penalty item): points, method and its parameters, texts. */
export function LeafForm(props: LeafFormProps) {
  return props.readOnly ? (
    <LeafView doc={props.doc} leaf={props.leaf} showApplicability={props.showApplicability ?? true} />
  ) : (
    <LeafEditForm {...props} />
  );
}

function LeafEditForm({ doc, leaf, formName, showApplicability = true, onChange }: LeafFormProps) {
  const t = useT();
  const [form] = Form.useForm<LeafValues>();
  const groupOptions = useGroupOptions(doc);
  const methodType = Form.useWatch<MethodType | undefined>(['method', 'type'], form) ?? leaf.method.type;
  const maxPoints = Form.useWatch<number | null | undefined>('maxPoints', form) ?? leaf.maxPoints;
  const typeOptions = useMemo(
    () => METHOD_TYPES.map((type) => ({ value: type, label: methodLabel(type, t) })),
    [t],
  );

  const toLeaf = (all: LeafValues): Leaf => {
    const next: Leaf = {
      code: all.code ?? '',
      name: all.name ?? '',
      maxPoints: all.maxPoints as number,
      method: valuesToMethod(all.method),
    };
    if (all.guidance?.trim()) {
      next.guidance = all.guidance;
    }
    if (all.evidence?.trim()) {
      next.evidence = all.evidence;
    }
    // Default true: written only when it says something (or the file had it).
    if (all.evidenceRequired === false || leaf.evidenceRequired !== undefined) {
      next.evidenceRequired = all.evidenceRequired !== false;
    }
    if (all.applicableTo && all.applicableTo.length > 0) {
      next.applicableTo = all.applicableTo;
    }
    return next;
  };

  const onValuesChange = (changed: Partial<LeafValues>) => {
    // The whole store, unmounted fields included: the parameters of a type the author switched
    // away from are kept, so switching back restores them.
    const all = form.getFieldsValue(true) as LeafValues;
    const newType = changed.method?.type;
    if (newType && !hasParams(all.method, newType)) {
      const defaults = defaultMethodValues(newType, all.maxPoints);
      form.setFieldsValue({ method: defaults });
      onChange(toLeaf({ ...all, method: { ...all.method, ...defaults } }));
      return;
    }
    onChange(toLeaf(all));
  };

  return (
    <Form<LeafValues>
      form={form}
      name={formName}
      layout="vertical"
      initialValues={{
        code: leaf.code,
        name: leaf.name,
        maxPoints: leaf.maxPoints ?? null,
        method: methodToValues(leaf.method),
        guidance: leaf.guidance ?? '',
        evidence: leaf.evidence ?? '',
        evidenceRequired: leaf.evidenceRequired !== false,
        applicableTo: leaf.applicableTo ?? [],
      }}
      onValuesChange={onValuesChange}
      data-testid="index-set-leaf-form"
    >
      <Typography.Title level={2} style={{ fontSize: 16, marginTop: 0 }}>
        {t('indexSets.leafTitle', { code: leaf.code })}
      </Typography.Title>
      <Form.Item label={t('indexSets.code')} name="code" rules={codeRules(t)} extra={t('indexSets.codeHint')}>
        <Input autoComplete="off" spellCheck={false} style={{ maxWidth: 240 }} />
      </Form.Item>
      <Form.Item label={t('indexSets.name')} name="name" rules={nameRules(t)}>
        <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} />
      </Form.Item>
      <Form.Item label={t('indexSets.maxPoints')} name="maxPoints" rules={pointsRules(t)}>
        <DecimalInput style={{ maxWidth: 200 }} data-testid="leaf-max-points" />
      </Form.Item>
      <Divider titlePlacement="start" style={{ marginTop: 8 }}>
        {t('indexSets.methodSection')}
      </Divider>
      <Form.Item
        label={t('indexSets.methodType')}
        name={['method', 'type']}
        rules={[{ required: true, message: t('common.requiredSelect') }]}
      >
        <Select options={typeOptions} style={{ maxWidth: 320 }} data-testid="leaf-method-type" />
      </Form.Item>
      <MethodParamsFields
        type={methodType}
        maxPoints={maxPoints}
        onListChange={() => onChange(toLeaf(form.getFieldsValue(true) as LeafValues))}
      />
      <Divider titlePlacement="start">{t('indexSets.textsSection')}</Divider>
      <Form.Item label={t('indexSets.guidance')} name="guidance" rules={textRules(t, TEXT_MAX)}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} />
      </Form.Item>
      <Form.Item label={t('indexSets.evidence')} name="evidence" rules={textRules(t, TEXT_MAX)}>
        <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} />
      </Form.Item>
      <Form.Item label={t('indexSets.evidenceRequired')} name="evidenceRequired" valuePropName="checked">
        <Switch />
      </Form.Item>
      {showApplicability ? (
        <Form.Item
          label={t('indexSets.applicableTo')}
          name="applicableTo"
          extra={t('indexSets.applicableToHint')}
        >
          <Select mode="multiple" allowClear options={groupOptions} placeholder={t('indexSets.allGroups')} />
        </Form.Item>
      ) : null}
    </Form>
  );
}

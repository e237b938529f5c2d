import type { IndexSetDocument, Leaf, LocatedError } from '@cchc/domain/index-set/format';
import { isLeaf } from '@cchc/domain/index-set/format';
import { LIMITS } from '@cchc/domain/validation';
import type { TFunction } from '../../lib/i18n';
import type { TreeItem } from './document';

/**
 * Field limits of the editor's forms, from the shared LIMITS. The forms show them as validation
 * errors (never by cutting the text short) and {@link limitErrors} refuses to save past them.
 */
export const EDITOR_LIMITS = {
  itemCode: LIMITS.indexSetItemCodeMax,
  name: LIMITS.nameMax,
  label: LIMITS.nameMax,
  text: LIMITS.indexSetTextMax,
  legalNumber: LIMITS.nameMax,
  legalTitle: LIMITS.descriptionMax,
} as const;

/** Years an index set may be for (the validator's and the clone API's range). */
export const YEAR_MIN = 2000;
export const YEAR_MAX = 2100;

export function isValidYear(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= YEAR_MIN && value <= YEAR_MAX;
}

/** Text too long for one of {@link EDITOR_LIMITS}: the editor's own check, in the UI language. */
export function limitErrors(doc: IndexSetDocument, t: TFunction): LocatedError[] {
  const errors: LocatedError[] = [];
  const check = (value: unknown, max: number, path: string) => {
    if (typeof value === 'string' && value.length > max) {
      errors.push({ path, message: t('indexSets.errTooLong', { max, length: value.length }) });
    }
  };
  check(doc.name, EDITOR_LIMITS.name, 'name');
  if (!isValidYear(doc.year)) {
    errors.push({ path: 'year', message: t('indexSets.errYear', { min: YEAR_MIN, max: YEAR_MAX }) });
  }
  check(doc.legalBasis?.number, EDITOR_LIMITS.legalNumber, 'legalBasis.number');
  check(doc.legalBasis?.title, EDITOR_LIMITS.legalTitle, 'legalBasis.title');
  for (const [i, group] of doc.unitGroups.entries()) {
    check(group.code, EDITOR_LIMITS.itemCode, `unitGroups[${i}].code`);
    check(group.name, EDITOR_LIMITS.name, `unitGroups[${i}].name`);
  }
  for (const [i, band] of doc.classification.entries()) {
    check(band.label, EDITOR_LIMITS.label, `classification[${i}].label`);
  }
  const leaf = (item: Leaf, path: string) => {
    check(item.guidance, EDITOR_LIMITS.text, `${path}.guidance`);
    check(item.evidence, EDITOR_LIMITS.text, `${path}.evidence`);
    const method = item.method;
    if (method.type === 'LEVEL_SELECT') {
      for (const [i, level] of method.levels.entries()) {
        check(level.label, EDITOR_LIMITS.label, `${path}.method.levels[${i}].label`);
      }
    } else if (method.type === 'DEDUCTION') {
      for (const [i, category] of method.categories.entries()) {
        check(category.label, EDITOR_LIMITS.label, `${path}.method.categories[${i}].label`);
      }
    } else if (method.type === 'SURVEY') {
      for (const option of Object.keys(method.optionWeights)) {
        check(option, EDITOR_LIMITS.label, `${path}.method.optionWeights`);
      }
    }
  };
  const walk = (item: TreeItem, path: string) => {
    check(item.code, EDITOR_LIMITS.itemCode, `${path}.code`);
    check(item.name, EDITOR_LIMITS.name, `${path}.name`);
    if (isLeaf(item)) {
      leaf(item, path);
    } else {
      for (const [i, child] of item.children.entries()) {
        walk(child, `${path}.children[${i}]`);
      }
    }
  };
  for (const [i, node] of doc.nodes.entries()) {
    walk(node, `nodes[${i}]`);
  }
  for (const kind of ['bonus', 'penalty'] as const) {
    for (const [i, item] of (doc.adjustments?.[kind]?.items ?? []).entries()) {
      walk(item, `adjustments.${kind}.items[${i}]`);
    }
  }
  return errors;
}

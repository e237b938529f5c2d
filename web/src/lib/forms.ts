import type { FormInstance } from 'antd';
import { describeError, fieldErrors } from './api-client';
import type { Lang } from './i18n';

/**
 * Shows an API error on a form: each field error on its field (`roles.0.unitId` → ['roles', 0, 'unitId'])
 * and returns the general message for an Alert above the form.
 */
export function applyApiError(form: FormInstance, error: unknown, lang: Lang): string {
  const fields = fieldErrors(error, lang);
  if (fields.length > 0) {
    form.setFields(fields);
  }
  return describeError(error, lang);
}

import type { FormInstance } from 'antd';
import { refusalOf } from '../api/errors';

/**
 * Shows a refused change next to the field the server named (what was typed stays in the
 * form); returns the text to show above the buttons when no field of this form is named.
 */
export function showRefusal(form: FormInstance, error: unknown, fields: readonly string[]): string | null {
  const refusal = refusalOf(error);
  if (refusal.field && fields.includes(refusal.field)) {
    form.setFields([{ name: refusal.field, errors: [refusal.text] }]);
    return null;
  }
  return refusal.text;
}

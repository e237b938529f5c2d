import { InputNumber, type InputNumberProps } from 'antd';
import { useLang } from '../../../lib/i18n';

/**
 * A number input in the UI language's format: '1,5' in Vietnamese, '1.5' in English (a typed '.'
 * is accepted too). Points use step 0.25; counts and percents pass `step={1}`. It has no `min`,
 * `max` or `precision` of its own: those would silently change what the author typed (−2 → 0),
 * so ranges are checked by the form's rules, which say what is wrong.
 */
export function DecimalInput(props: InputNumberProps<number>) {
  const lang = useLang();
  return (
    <InputNumber<number>
      decimalSeparator={lang === 'vi' ? ',' : '.'}
      step={0.25}
      style={{ width: '100%' }}
      {...props}
    />
  );
}

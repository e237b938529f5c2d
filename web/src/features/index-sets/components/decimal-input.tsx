import { InputNumber, type InputNumberProps } from 'antd';
import { useLang } from '../../../lib/i18n';

/**
 * A number input in the UI language's format: '1,5' in Vietnamese, '1.5' in English (a typed '.'
 * is accepted too). Points use step 0.25 and show two decimals; counts and percents pass `step={1}`.
 */
export function DecimalInput(props: InputNumberProps<number>) {
  const lang = useLang();
  return (
    <InputNumber<number>
      decimalSeparator={lang === 'vi' ? ',' : '.'}
      step={0.25}
      min={0}
      style={{ width: '100%' }}
      {...props}
    />
  );
}

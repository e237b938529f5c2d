import { PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Input, Tag } from 'antd';
import { useState } from 'react';
import { useCouncilT } from '../messages';

/**
 * A list of names as closable tags, with a text box that adds one name on Enter (or on the add
 * button). A controlled antd form control: `value` / `onChange`; `id` goes to the text box so that
 * the Form.Item label names it.
 */
export function NamesInput({
  id,
  value = [],
  onChange,
  disabled,
  maxLength,
  testId,
}: {
  id?: string;
  value?: string[];
  onChange?: (value: string[]) => void;
  disabled?: boolean;
  maxLength: number;
  testId: string;
}) {
  const t = useCouncilT();
  const [draft, setDraft] = useState('');
  const add = () => {
    const names = draft
      .split(/[;\n]/)
      .map((n) => n.trim())
      .filter((n) => n !== '' && !value.includes(n));
    if (names.length > 0) {
      onChange?.([...value, ...names]);
    }
    setDraft('');
  };
  return (
    <Flex vertical gap={8} data-testid={testId}>
      <Flex gap={8}>
        <Input
          id={id}
          value={draft}
          maxLength={maxLength}
          disabled={disabled}
          onChange={(e) => setDraft(e.target.value)}
          onPressEnter={(e) => {
            // Enter adds a name; it must not submit the whole form.
            e.preventDefault();
            add();
          }}
          onBlur={add}
          data-testid={`${testId}-input`}
        />
        <Button icon={<PlusOutlined />} onClick={add} disabled={disabled || draft.trim() === ''}>
          {t('council.addName')}
        </Button>
      </Flex>
      {value.length > 0 ? (
        <Flex gap={6} wrap>
          {value.map((name) => (
            <Tag
              key={name}
              closable={disabled ? false : { 'aria-label': t('council.removeName', { name }) }}
              onClose={(e) => {
                e.preventDefault();
                onChange?.(value.filter((n) => n !== name));
              }}
              style={{ marginInlineEnd: 0, fontSize: 13, padding: '2px 8px' }}
            >
              {name}
            </Tag>
          ))}
        </Flex>
      ) : null}
    </Flex>
  );
}

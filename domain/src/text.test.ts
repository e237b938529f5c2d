import { describe, expect, it } from 'vitest';
import { foldForSearch } from './text';
import { isStrongPassword } from './validation';

describe('foldForSearch', () => {
  it('removes Vietnamese diacritics and folds đ', () => {
    expect(foldForSearch('  Vụ Pháp chế  ĐỘI ')).toBe('vu phap che doi');
    expect(foldForSearch('Trường Cán bộ Thanh tra')).toBe('truong can bo thanh tra');
  });
});

describe('isStrongPassword', () => {
  it.each([
    ['matkhau-2024', true],
    ['ngan1', false],
    ['chikhongcoso', false],
    ['1234567890', false],
    ['mậtkhẩuviệt1', true],
  ])('%s → %s', (pw, ok) => {
    expect(isStrongPassword(pw)).toBe(ok);
  });
});

import { describe, expect, it } from 'vitest';
import {
  COMMON_PASSWORDS,
  isStrongPassword,
  LIMITS,
  PASSWORD_PROBLEM_MESSAGES,
  passwordProblem,
} from './validation';

describe('password policy (passwordProblem)', () => {
  it.each([
    ['matkhau-2024', null, null],
    ['ngan1', null, 'length'],
    ['a1'.repeat(LIMITS.passwordMax), null, 'length'],
    ['chikhongcoso', null, 'lettersAndDigits'],
    ['1234567890', null, 'lettersAndDigits'],
    ['mậtkhẩuviệt1', null, null],
    // The username, whatever its case, alone or inside the password.
    ['nguyenvana1', 'nguyenvana1', 'containsUsername'],
    ['NguyenVanA-2024', 'nguyenvana', 'containsUsername'],
    ['2024-nguyenvana', ' NguyenVanA ', 'containsUsername'],
    ['matkhau-2024-xyz', 'nguyenvana', null],
    // Too short a username to mean anything inside a password.
    ['ab-2024-matkhau', 'ab', null],
    // Common picks, whatever the case.
    ['password123', null, 'common'],
    ['Password123', null, 'common'],
    ['MatKhau123', 'nguyenvana', 'common'],
    ['thanhtra2024', null, 'common'],
    ['1q2w3e4r5t', null, 'common'],
  ])('%s (username %s) → %s', (password, username, problem) => {
    expect(passwordProblem(password, username)).toBe(problem);
    expect(isStrongPassword(password, username)).toBe(problem === null);
  });

  it('lists only passwords the other rules would let through (no dead entries)', () => {
    for (const common of COMMON_PASSWORDS) {
      expect(common, common).toBe(common.toLowerCase());
      expect(common.length, common).toBeGreaterThanOrEqual(LIMITS.passwordMin);
      expect(/\p{L}/u.test(common) && /\d/.test(common), common).toBe(true);
    }
  });

  it('has a Vietnamese and an English message for every problem', () => {
    for (const m of Object.values(PASSWORD_PROBLEM_MESSAGES)) {
      expect(m.vi).not.toBe('');
      expect(m.en).not.toBe('');
    }
  });
});

/** Field limits shared by server validation and web forms. Changing one changes both sides. */
export const LIMITS = {
  codeMax: 20,
  nameMax: 255,
  usernameMin: 3,
  usernameMax: 64,
  fullNameMax: 120,
  emailMax: 254,
  passwordMin: 10,
  passwordMax: 256,
  descriptionMax: 2000,
  indexSetCodeMax: 40,
  /** Largest index-set upload (JSON or XLSX) in bytes; also the largest stored document (serialised). */
  indexSetUploadBytes: 10 * 1024 * 1024,
  /** Codes of nodes, leaves and unit groups inside an index set ("8.NV.1", "THAM_MUU"). */
  indexSetItemCodeMax: 40,
  /** Long texts of an index set: a leaf's guidance and evidence (a real one is under 2 000). */
  indexSetTextMax: 10_000,
  /** Leaves of an index set, bonus and penalty items included (the real sets have under 100). */
  indexSetLeavesMax: 2_000,
  /** Nodes and leaves of an index set together. */
  indexSetNodesMax: 5_000,
  /** Entries of one list: levels, deduction categories, tiers, survey options, unit groups, bands. */
  indexSetListMax: 100,
} as const;

/** Unit and group codes: upper-case letters, digits, '_' and '-' (e.g. VPC, C1, THAM_MUU). */
export const CODE_PATTERN = /^[A-Z0-9][A-Z0-9_-]*$/;
/** Usernames: lower-case ASCII, digits, '.', '_' and '-'. */
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]*$/;

/**
 * Passwords nobody should use even though they meet the length and letters-and-digits rule: the
 * usual keyboard walks and "word + digits" picks of leaked-password lists, plus local favourites
 * (mật khẩu, thanh tra, the product's own name). Compared case-insensitively. Deliberately short:
 * a full breach list belongs in a deployment-side check, not in every browser.
 */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set([
  'password12',
  'password123',
  'password1234',
  'password12345',
  'passw0rd123',
  'p@ssw0rd123',
  'p@ssword123',
  'qwerty1234',
  'qwerty12345',
  'qwerty123456',
  'qwertyuiop1',
  'qwertyuiop123',
  '1qaz2wsx3edc',
  '1q2w3e4r5t',
  '1q2w3e4r5t6y',
  'q1w2e3r4t5',
  'zaq12wsxcde3',
  'a123456789',
  'aa123456789',
  'abc1234567',
  'abc12345678',
  'abc123456789',
  'abcd123456',
  'abcde12345',
  'abcdef123456',
  'asdf123456',
  'asdfgh123456',
  'zxcvbnm123',
  '123456789a',
  '1234567890a',
  '123456789abc',
  '123456abcdef',
  '12345678910a',
  'admin12345',
  'admin123456',
  'admin@1234',
  'admin@12345',
  'administrator1',
  'welcome123',
  'welcome1234',
  'iloveyou123',
  'letmein1234',
  'changeme123',
  'test123456',
  'user123456',
  'matkhau123',
  'matkhau1234',
  'matkhau12345',
  'matkhau123456',
  'matkhau@123',
  'matkhaumoi1',
  'matkhaumoi123',
  'mậtkhẩu123',
  'thanhtra123',
  'thanhtra1234',
  'thanhtra2024',
  'thanhtra2025',
  'thanhtra@123',
  'cchc123456',
  'cchc@123456',
  'vietnam123',
  'vietnam1234',
  'vietnam2024',
  'hanoi12345',
  'hanoi123456',
]);

/** Why a password is refused; null when it meets the policy. */
export type PasswordProblem = 'length' | 'lettersAndDigits' | 'containsUsername' | 'common';

/**
 * The password policy, one function for the server (every place a password is set) and the web
 * forms (which show the same message before sending): at least LIMITS.passwordMin characters,
 * letters and digits, not the username nor containing it, not in COMMON_PASSWORDS.
 */
export function passwordProblem(password: string, username?: string | null): PasswordProblem | null {
  if (password.length < LIMITS.passwordMin || password.length > LIMITS.passwordMax) {
    return 'length';
  }
  if (!/\p{L}/u.test(password) || !/\d/.test(password)) {
    return 'lettersAndDigits';
  }
  const folded = password.normalize('NFC').toLowerCase();
  const user = username?.trim().normalize('NFC').toLowerCase() ?? '';
  if (user.length >= LIMITS.usernameMin && folded.includes(user)) {
    return 'containsUsername';
  }
  if (COMMON_PASSWORDS.has(folded)) {
    return 'common';
  }
  return null;
}

/** The message of each PasswordProblem, in both languages of the web app (Vietnamese on the server). */
export const PASSWORD_PROBLEM_MESSAGES: Record<PasswordProblem, { vi: string; en: string }> = {
  length: {
    vi: `Mật khẩu phải có từ ${LIMITS.passwordMin} đến ${LIMITS.passwordMax} ký tự.`,
    en: `The password needs ${LIMITS.passwordMin} to ${LIMITS.passwordMax} characters.`,
  },
  lettersAndDigits: {
    vi: 'Mật khẩu phải gồm cả chữ và số.',
    en: 'The password needs both letters and digits.',
  },
  containsUsername: {
    vi: 'Mật khẩu không được trùng hoặc chứa tên đăng nhập.',
    en: 'The password must not be or contain the username.',
  },
  common: {
    vi: 'Mật khẩu này quá phổ biến, dễ bị đoán; hãy chọn mật khẩu khác.',
    en: 'This password is too common and easy to guess; choose another one.',
  },
};

/** Password policy (passwordProblem): true when the password may be used by `username`. */
export function isStrongPassword(password: string, username?: string | null): boolean {
  return passwordProblem(password, username) === null;
}

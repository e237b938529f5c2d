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

/** Password policy: length, at least one letter and one digit. */
export function isStrongPassword(password: string): boolean {
  return (
    password.length >= LIMITS.passwordMin &&
    password.length <= LIMITS.passwordMax &&
    /\p{L}/u.test(password) &&
    /\d/.test(password)
  );
}

import { LIMITS } from '@cchc/domain/validation';

const LETTERS = 'abcdefghjkmnpqrstuvwxyz';
const DIGITS = '23456789';

function pick(set: string, count: number): string {
  const bytes = new Uint32Array(count);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (n) => set[n % set.length]).join('');
}

/**
 * A readable random password that meets the policy (letters and digits, ≥ LIMITS.passwordMin):
 * e.g. `kpwr-4827-mxtd`. No look-alike characters (0/o, 1/l/i), so it can be read out or dictated.
 */
export function generatePassword(): string {
  const groupLength = Math.max(4, Math.ceil((LIMITS.passwordMin - 2) / 3));
  return `${pick(LETTERS, groupLength)}-${pick(DIGITS, groupLength)}-${pick(LETTERS, groupLength)}`;
}

import { PASSWORD_PROBLEM_MESSAGES, passwordProblem } from '@cchc/domain/validation';
import { type Algorithm, hash, verify } from '@node-rs/argon2';
import { AppError } from '../../errors';

// Algorithm is an ambient const enum (unusable under verbatimModuleSyntax); 2 is Argon2id.
const ARGON2ID = 2 as Algorithm;

// OWASP Password Storage Cheat Sheet, argon2id: m=19 MiB, t=2, p=1.
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** Verified against when the username is unknown, so both paths cost the same time. */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword('không-phải-mật-khẩu-thật-0');
  return dummyHash;
}

/**
 * The password policy of domain/validation (shared with the web forms), as the API answers it:
 * WEAK_PASSWORD with the precise Vietnamese reason on the form field.
 */
export function assertPasswordPolicy(password: string, username: string, field: string): void {
  const problem = passwordProblem(password, username);
  if (problem) {
    const message = PASSWORD_PROBLEM_MESSAGES[problem].vi;
    throw new AppError('WEAK_PASSWORD', message, { fields: { [field]: message } });
  }
}

/**
 * How a user proves who they are. The local provider checks a password; an OIDC or LDAP
 * provider would implement the same interface and be registered in `auth.service.ts` —
 * sessions, CSRF, roles and every other module stay as they are (docs/decisions/0003-auth-providers.md).
 */
export interface AuthProvider<Input> {
  /** Stored on the session row, e.g. 'local', 'oidc:vneid', 'ldap'. */
  readonly id: string;
  /** Resolves to the user id, or throws AppError (INVALID_CREDENTIALS — also for a locked account —, ACCOUNT_DISABLED). */
  authenticate(input: Input, meta: { ip: string | null }): Promise<string>;
}

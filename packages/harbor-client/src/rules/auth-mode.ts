// Which password Harbor's API accepts, by the Harbor's `auth_mode` (GET /api/v2.0/systeminfo, public
// since Harbor's systeminfo controller returns AuthMode without the protected info).
// Harbor's src/server/middleware/security: on an OIDC Harbor basic auth takes the user's CLI secret
// (oidc_cli.go); otherwise basic_auth.go logs in through the configured authenticator (LDAP, UAA),
// while the local admin (user id 1) always logs in against Harbor's own database.

/** Harbor's `auth_mode` values (src/common/const.go). */
export type HarborAuthMode = 'db_auth' | 'ldap_auth' | 'uaa_auth' | 'oidc_auth' | 'http_auth';

/** What an operator must type as the password on this Harbor, or null when it is the usual one. */
export function apiPasswordNote(authMode: string | null | undefined): string | null {
  switch (authMode) {
    case 'oidc_auth':
      return 'This Harbor logs users in with OIDC: for the API an OIDC user’s password is the CLI secret from their user profile (Harbor portal → user name → User Profile → CLI secret), not the identity provider’s password. The local admin account keeps its own password.';
    case 'ldap_auth':
      return 'This Harbor logs users in with LDAP: use the LDAP password of the account. The local admin account keeps its own password.';
    case 'uaa_auth':
      return 'This Harbor logs users in with UAA: use the UAA password of the account. The local admin account keeps its own password.';
    case 'http_auth':
      return 'This Harbor checks logins with an HTTP authentication proxy: use the password that proxy accepts. The local admin account keeps its own password.';
    default:
      return null;
  }
}

// Step 1 and 5: log in to a Harbor.
import { z } from 'zod';

export const tlsSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('verify') }),
  z.object({
    mode: z.literal('ca'),
    caPem: z
      .string()
      .trim()
      .max(64 * 1024)
      .regex(
        /-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----/,
        'Paste a PEM certificate (-----BEGIN CERTIFICATE----- …)',
      ),
  }),
  z.object({ mode: z.literal('insecure') }),
]);
export type TlsSettings = z.infer<typeof tlsSchema>;

export const harborUrlSchema = z
  .string()
  .trim()
  .min(1, 'Enter the Harbor URL, e.g. https://harbor.example.com')
  .max(2048)
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '';
    } catch {
      return false;
    }
  }, 'Enter a full URL starting with https:// (or http://)');

export const connectRequestSchema = z.object({
  url: harborUrlSchema,
  username: z.string().trim().min(1, 'Enter the user name').max(255),
  password: z.string().min(1, 'Enter the password').max(1024),
  tls: tlsSchema.default({ mode: 'verify' }),
});
export type ConnectRequest = z.infer<typeof connectRequestSchema>;

/** Connect to one of the demo Harbors the server runs itself: no credentials travel from the browser. */
export const connectDemoRequestSchema = z.object({ demo: z.literal(true) });

/** A flag not yet known when a setup was saved reads as "not supported" until the next login. */
const capability = z.boolean().default(false);

export const capabilitiesSchema = z.object({
  robotV2: capability,
  destNamespaceReplaceCount: capability,
  speed: capability,
  copyByChunk: capability,
  chartResourceFilter: capability,
  cronSecondsRule: capability,
  customRobotSecretRules: capability,
  permissionsApi: capability,
  versionHiddenFromAnonymous: capability,
  singleActiveReplication: capability,
  registryCaCertificate: capability,
});

export const connectionSummarySchema = z.object({
  url: z.string(),
  username: z.string(),
  tlsMode: z.enum(['verify', 'ca', 'insecure']),
  demo: z.boolean(),
  version: z.string(),
  capabilities: capabilitiesSchema,
  isSysAdmin: z.boolean(),
  projectCreationRestriction: z.string().optional(),
  externalUrl: z.string().optional(),
  /** Harbor's `auth_mode` (db_auth, ldap_auth, oidc_auth, …), as its systeminfo reports it. */
  authMode: z.string().optional(),
  /** Which password this Harbor's API accepts, when it is not simply the portal password. */
  passwordNote: z.string().optional(),
  warnings: z.array(z.string()).default([]),
});
export type ConnectionSummary = z.infer<typeof connectionSummarySchema>;

// Where alerts go: the targets added in the UI (their URL sealed in the store, since a Slack webhook
// URL is a credential) and those of ALERT_WEBHOOKS. Outside this module a URL is only ever masked.
import { randomUUID } from 'node:crypto';

import type { AlertTarget } from '@hw/wizard-api';

import type { EnvAlertTarget } from '../config.ts';
import { fail } from '../errors.ts';
import type { Vault } from '../security/vault.ts';
import type { AlertFormat, AlertStore, StoredAlertTarget } from '../storage/alert-store.ts';

/** A target with its URL in clear, for the one moment of sending. */
export type Destination = { id: string; name: string; format: AlertFormat; maskedUrl: string; url: string };

export function maskUrl(raw: string): string {
  return new URL(raw).origin;
}

const targetUrlAad = (id: string) => `alert-target/${id}`;

/** Why a webhook URL cannot be used (never quoting it), or null. */
export function webhookUrlProblem(raw: string, isBlocked: (url: string) => boolean): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'The webhook URL is not a valid URL.';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return 'The webhook URL must start with https:// (or http://).';
  if (url.username || url.password)
    return 'The webhook URL must not hold user:password@; put the token where the receiver expects it (path, query).';
  if (isBlocked(raw))
    return `${url.hostname} is a cloud metadata or link-local address: this server never sends anything there.`;
  return null;
}

export class AlertTargets {
  constructor(
    private readonly store: AlertStore,
    private readonly vault: Vault,
    private readonly environment: readonly EnvAlertTarget[],
    private readonly isBlocked: (url: string) => boolean,
    private readonly now: () => Date,
  ) {
    this.#configuredAt = now().toISOString();
  }

  /** Environment targets exist since the server read its configuration. */
  readonly #configuredAt: string;

  async list(): Promise<AlertTarget[]> {
    const stored = await this.store.listTargets();
    return [
      ...this.environment.map((t): AlertTarget => ({
        id: t.id,
        name: t.name,
        format: t.format,
        maskedUrl: maskUrl(t.url),
        origin: 'environment',
        createdAt: this.#configuredAt,
      })),
      ...stored.map((t): AlertTarget => ({
        id: t.id,
        name: t.name,
        format: t.format,
        maskedUrl: t.maskedUrl,
        origin: 'ui',
        createdAt: t.createdAt,
      })),
    ];
  }

  async get(id: string): Promise<AlertTarget> {
    const target = (await this.list()).find((t) => t.id === id);
    if (!target)
      fail(404, 'alert-target-not-found', 'There is no such alert target (it may have been removed).');
    return target;
  }

  async add(request: { name: string; format: AlertFormat; url: string }): Promise<AlertTarget> {
    const problem = webhookUrlProblem(request.url, this.isBlocked);
    if (problem !== null)
      fail(400, 'alert-target-url', problem, {
        hint: 'Paste the webhook URL your chat or receiver gave you.',
      });
    const all = await this.list();
    if (all.some((t) => t.name.toLowerCase() === request.name.toLowerCase()))
      fail(409, 'alert-target-exists', `There is already an alert target named "${request.name}".`, {
        hint: 'Choose another name.',
      });
    const id = randomUUID();
    const target: StoredAlertTarget = {
      id,
      name: request.name,
      format: request.format,
      maskedUrl: maskUrl(request.url),
      sealedUrl: this.vault.seal(new URL(request.url).toString(), targetUrlAad(id)),
      createdAt: this.now().toISOString(),
    };
    await this.store.addTarget(target);
    return await this.get(id);
  }

  async remove(id: string): Promise<void> {
    if (this.environment.some((t) => t.id === id))
      fail(
        409,
        'alert-target-from-environment',
        'This target comes from ALERT_WEBHOOKS and cannot be removed here.',
        {
          hint: 'Change the ALERT_WEBHOOKS variable of the server and restart it.',
        },
      );
    if (!(await this.store.deleteTarget(id)))
      fail(404, 'alert-target-not-found', 'There is no such alert target (it may have been removed).');
    await this.store.failPendingDeliveries(id, 'the target was removed before this alert reached it');
  }

  /** Every target with its URL, for sending; null for one that is gone or cannot be opened. */
  async destination(id: string): Promise<Destination | null> {
    const env = this.environment.find((t) => t.id === id);
    if (env) return { ...env, maskedUrl: maskUrl(env.url) };
    const stored = await this.store.getTarget(id);
    const url = stored ? this.vault.open(stored.sealedUrl, targetUrlAad(stored.id)) : null;
    if (!stored || url === null) return null;
    return { id, name: stored.name, format: stored.format, maskedUrl: stored.maskedUrl, url };
  }

  /** Who gets an alert: every target, as they are now. */
  async recipients(): Promise<{ id: string; name: string }[]> {
    return (await this.list()).map(({ id, name }) => ({ id, name }));
  }
}

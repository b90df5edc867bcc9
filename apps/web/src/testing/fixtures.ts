// Server answers as apps/server sends them, built from the wizard-api types so they stay in shape.
import type { Session } from '@hw/wizard-api';

export { connectionFixture as connection, SETUP_ID, setupStateAt as setupAt } from '@hw/wizard-api/testing';
export const CSRF_TOKEN = 'csrf-token-1';

export function session(overrides: Partial<Session> = {}): Session {
  return {
    csrfToken: CSRF_TOKEN,
    demo: { available: false },
    currentSetupId: null,
    history: [],
    ...overrides,
  };
}

import { setupServer } from 'msw/node';

import { baseHandlers } from './handlers.ts';

export const server = setupServer(...baseHandlers());

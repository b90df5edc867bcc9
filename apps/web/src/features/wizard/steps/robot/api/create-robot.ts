import type { createRobotRequestSchema } from '@hw/wizard-api';
import type { RobotCreatedResponse } from '@hw/wizard-api';
import { useMutation } from '@tanstack/react-query';
import type { z } from 'zod';

import { api } from '../../../../../lib/api-client.ts';

export type CreateRobotInput = z.input<typeof createRobotRequestSchema>;

/** The only call whose answer carries the robot secret. */
export function createRobot(id: string, input: CreateRobotInput): Promise<RobotCreatedResponse> {
  return api.POST('robot', { params: { id }, body: input });
}

export function useCreateRobot(id: string) {
  return useMutation({
    mutationFn: (input: CreateRobotInput) => createRobot(id, input),
    meta: { inlineError: true },
    // The answer holds the secret: drop it from the mutation cache as soon as the step unmounts.
    gcTime: 0,
  });
}

import type { FieldErrors } from 'react-hook-form';
import { describe, expect, it } from 'vitest';

import { fieldErrorRows, nextBlockedReason } from '@/features/wizard/utils/next-blocked-reason.ts';

describe('nextBlockedReason', () => {
  it('says the first cause that holds, in table order', () => {
    const reason = nextBlockedReason([
      [false, 'Connect to the target Harbor first.'],
      [true, 'This step needs a system administrator account.'],
      [true, 'Checking whether the project exists…'],
    ]);
    expect(reason).toBe('This step needs a system administrator account.');
  });

  it('enables Next (null) when no cause holds, or when a row with no reason holds first', () => {
    expect(nextBlockedReason([])).toBeNull();
    expect(
      nextBlockedReason([
        [undefined, 'Enter a name.'],
        [0, 'Enter a number.'],
      ]),
    ).toBeNull();
    // Reusing an endpoint: the form's errors no longer matter.
    expect(
      nextBlockedReason([
        [true, null],
        [true, 'Name is required'],
      ]),
    ).toBeNull();
  });
});

describe('fieldErrorRows', () => {
  const ref = document.createElement('input');
  const errors = {
    name: { type: 'custom', message: 'Invalid rule name', ref },
    filters: { tag: { pattern: { type: 'custom', message: 'Bad tag pattern', ref } } },
    bandwidth: { value: { type: 'custom', message: 'Enter a bandwidth', ref } },
  } as unknown as FieldErrors;

  it('blocks with every error of the form, nested ones included, in field order', () => {
    expect(nextBlockedReason(fieldErrorRows(errors))).toBe('Invalid rule name');
    expect(fieldErrorRows(errors).map(([, reason]) => reason)).toEqual([
      'Invalid rule name',
      'Bad tag pattern',
      'Enter a bandwidth',
    ]);
  });

  it('takes only the named fields, in the given order, with a prefix', () => {
    const rows = fieldErrorRows(errors, ['description', 'bandwidth.value', 'name'], 'Rule: ');
    expect(nextBlockedReason(rows)).toBe('Rule: Enter a bandwidth');
    expect(nextBlockedReason(fieldErrorRows(errors, ['description', 'url']))).toBeNull();
  });

  it('says the message of an object-level rule rather than looking inside it', () => {
    const objectError = {
      filters: {
        type: 'custom',
        message: 'The filters match nothing',
        name: { type: 'x', message: 'inner' },
      },
    } as unknown as FieldErrors;
    expect(nextBlockedReason(fieldErrorRows(objectError, ['filters']))).toBe('The filters match nothing');
  });
});

import { mergeMantineTheme, DEFAULT_THEME } from '@mantine/core';
import { describe, expect, it } from 'vitest';

import { cssVariablesResolver, theme } from '../theme.ts';

/** WCAG 2 contrast ratio of two #rrggbb colours. */
function contrast(a: string, b: string): number {
  const luminance = (hex: string) => {
    const [r, g, bl] = [1, 3, 5].map((i) => {
      const c = parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

describe('theme contrast (WCAG AA, 4.5:1)', () => {
  const full = mergeMantineTheme(DEFAULT_THEME, theme);
  const vars = cssVariablesResolver(full);
  const body = { light: '#ffffff', dark: full.colors.dark[7] };

  it('keeps validation messages readable in both schemes', () => {
    expect(contrast(vars.light['--mantine-color-error']!, body.light)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(vars.dark['--mantine-color-error']!, body.dark)).toBeGreaterThanOrEqual(4.5);
  });

  it('gives filled buttons white text on a dark enough blue in the dark scheme too', () => {
    const shade = typeof full.primaryShade === 'object' ? full.primaryShade.dark : full.primaryShade;
    expect(contrast('#ffffff', full.colors.blue[shade])).toBeGreaterThanOrEqual(4.5);
  });
});

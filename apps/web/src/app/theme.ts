import { Badge, createTheme } from '@mantine/core';
import type { CSSVariablesResolver } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'blue',
  // Shade 8 keeps white text on filled buttons and step icons above WCAG AA contrast in both schemes
  // (shade 4 on dark gave white on light blue, 2.5:1).
  primaryShade: { light: 8, dark: 8 },
  defaultRadius: 'md',
  // Filled badges and buttons pick black or white text by background luminance.
  autoContrast: true,
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  components: {
    // Mantine ellipsises a badge's label when a table column is squeezed ("Suc…"); a status is never
    // cut: the badge keeps its full width and the column grows instead.
    Badge: Badge.extend({
      styles: {
        root: { overflow: 'visible', flexShrink: 0, minWidth: 'max-content' },
        label: { overflow: 'visible', textOverflow: 'clip' },
      },
    }),
  },
});

// Darker text for light-variant badges/alerts and darker fills for filled ones, in the light scheme:
// Mantine's defaults for green, red, orange and yellow fall below WCAG AA (4.5:1); these stay above 5:1.
const ACCESSIBLE_TONES: Record<string, string> = {
  green: '#1e6b31',
  red: '#b02525',
  teal: '#0b6b4f',
  orange: '#9a3b00',
  yellow: '#7a5200',
  blue: '#155a9c',
  gray: '#3b4148',
};

/** Mantine's default "dimmed" grey is 3.3:1 on white; help texts must stay readable (WCAG AA). */
export const cssVariablesResolver: CSSVariablesResolver = (t) => {
  const light: Record<string, string> = { '--mantine-color-dimmed': t.colors.gray[7] ?? '#495057' };
  for (const [color, tone] of Object.entries(ACCESSIBLE_TONES)) {
    light[`--mantine-color-${color}-light-color`] = tone;
    light[`--mantine-color-${color}-filled`] = tone;
    light[`--mantine-color-${color}-text`] = tone;
  }
  // Validation messages and the text of invalid inputs: Mantine's red (red.6 on white, red.8 on dark)
  // is about 3.5:1; these are above 4.5:1.
  light['--mantine-color-error'] = ACCESSIBLE_TONES.red ?? '#b02525';
  return {
    variables: {},
    light,
    dark: {
      '--mantine-color-dimmed': t.colors.dark[1] ?? '#b8b8b8',
      '--mantine-color-error': t.colors.red[4] ?? '#ff8787',
    },
  };
};

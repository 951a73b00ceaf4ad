/** How the page looks for one organisation: from configuration, validated at boot. */
export interface Branding {
  name: string;
  logoUrl: string | null;
  /** The configured accent, as given (#rrggbb). */
  accent: string;
  /** The accent darkened, if needed, to reach WCAG AA (4.5:1) as text on white and behind white text. */
  accentAccessible: string;
  links: { label: string; url: string }[];
}

function channel(value: number): number {
  const c = value / 255;
  return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

function rgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

export function relativeLuminance(hex: string): number {
  const [r, g, b] = rgb(hex);
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

/** WCAG contrast ratio between two #rrggbb colours (1 to 21). */
export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/**
 * A brand colour may be too light for text (a yellow, a pale blue). Rather than refuse it, darken it step
 * by step until white on it and it on white both reach 4.5:1.
 */
export function accessibleAccent(hex: string, minimum = 4.5): string {
  let [r, g, b] = rgb(hex.toLowerCase());
  const toHex = () => `#${[r, g, b].map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`;
  for (let i = 0; i < 100 && contrastRatio(toHex(), '#ffffff') < minimum; i++) {
    r *= 0.95;
    g *= 0.95;
    b *= 0.95;
  }
  return toHex();
}

export function branding(options: { name: string; logoUrl?: string | null; accent?: string; links?: { label: string; url: string }[] }): Branding {
  const accent = (options.accent ?? '#0969da').toLowerCase();
  if (!/^#[0-9a-f]{6}$/.test(accent)) throw new Error(`accent colour must be written #rrggbb, got "${accent}"`);
  return { name: options.name, logoUrl: options.logoUrl ?? null, accent, accentAccessible: accessibleAccent(accent), links: options.links ?? [] };
}

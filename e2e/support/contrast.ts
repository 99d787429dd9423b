// WCAG 2 contrast between colours as sRGB (0–1) with alpha, composited over what is below.

export type Rgba = { r: number; g: number; b: number; a: number };

/** `top` painted over an opaque `below`. */
function over(top: Rgba, below: Rgba): Rgba {
  const mix = (t: number, b: number) => t * top.a + b * (1 - top.a);
  return { r: mix(top.r, below.r), g: mix(top.g, below.g), b: mix(top.b, below.b), a: 1 };
}

/** The colour one sees through a stack of backgrounds (innermost first), on a white page. */
export function visibleBackground(stack: Rgba[]): Rgba {
  return [...stack].reverse().reduce((below, top) => over(top, below), { r: 1, g: 1, b: 1, a: 1 });
}

const linear = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
const luminance = (c: Rgba) => 0.2126 * linear(c.r) + 0.7152 * linear(c.g) + 0.0722 * linear(c.b);

/** The contrast ratio of two opaque colours (1 to 21). */
export function contrast(a: Rgba, b: Rgba): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

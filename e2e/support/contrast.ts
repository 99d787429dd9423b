// WCAG contrast between CSS colours as getComputedStyle gives them: rgb()/rgba(), and the
// oklch()/oklab() Tailwind 4 writes (with an alpha after "/"), composited over what is below.

type Rgba = { r: number; g: number; b: number; a: number };

const toGamma = (c: number) => {
  const x = Math.min(1, Math.max(0, c));
  return x <= 0.0031308 ? 12.92 * x : 1.055 * x ** (1 / 2.4) - 0.055;
};
const toLinear = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);

function fromOklab(L: number, a: number, b: number, alpha: number): Rgba {
  const l = (L + 0.3963377774 * a + 0.2158037573 * b) ** 3;
  const m = (L - 0.1055613458 * a - 0.0638541728 * b) ** 3;
  const s = (L - 0.0894841775 * a - 1.291485548 * b) ** 3;
  return {
    r: toGamma(4.0767416621 * l - 3.3077115913 * m + 0.2309699292 * s),
    g: toGamma(-1.2684380046 * l + 2.6097574011 * m - 0.3413193965 * s),
    b: toGamma(-0.0041960863 * l - 0.7034186147 * m + 1.707614701 * s),
    a: alpha,
  };
}

/** A computed colour as sRGB (0–1) with its alpha. */
export function parseColour(css: string): Rgba {
  const m = /^(rgba?|oklch|oklab)\(([^)]*)\)/.exec(css.trim());
  if (!m) throw new Error(`not a colour I can read: ${css}`);
  const [values, alphaPart] = m[2].split("/");
  const parts = values
    .trim()
    .split(/[\s,]+/)
    .map((p) => (p.endsWith("%") ? Number.parseFloat(p) / 100 : Number.parseFloat(p)));
  const alpha = alphaPart !== undefined ? Number.parseFloat(alphaPart) : (parts[3] ?? 1);
  if (m[1].startsWith("rgb")) return { r: parts[0] / 255, g: parts[1] / 255, b: parts[2] / 255, a: alpha };
  if (m[1] === "oklab") return fromOklab(parts[0], parts[1], parts[2], alpha);
  const h = ((parts[2] || 0) * Math.PI) / 180;
  return fromOklab(parts[0], parts[1] * Math.cos(h), parts[1] * Math.sin(h), alpha);
}

/** `top` painted over an opaque `below`. */
function over(top: Rgba, below: Rgba): Rgba {
  const mix = (t: number, b: number) => t * top.a + b * (1 - top.a);
  return { r: mix(top.r, below.r), g: mix(top.g, below.g), b: mix(top.b, below.b), a: 1 };
}

/** The colour one sees through a stack of backgrounds (innermost first), on white. */
export function visibleBackground(stack: string[]): Rgba {
  return stack
    .map(parseColour)
    .reverse()
    .reduce((below, top) => over(top, below), { r: 1, g: 1, b: 1, a: 1 });
}

const luminance = (c: Rgba) => 0.2126 * toLinear(c.r) + 0.7152 * toLinear(c.g) + 0.0722 * toLinear(c.b);

/** The WCAG 2 contrast ratio of two opaque colours. */
export function contrast(a: Rgba, b: Rgba): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

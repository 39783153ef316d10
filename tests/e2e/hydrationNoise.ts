const HYDRATION_ATTRIBUTES =
  "A tree hydrated but some attributes of the server rendered HTML didn't match";

/**
 * Whether a console error is React's development-mode report of attributes that differ between
 * the server's HTML and the client only in the last bits of numbers (within 1e-12, relative):
 * Node and Chromium may round Math.sin or Math.log differently, so seeded data drawn on both sides
 * can differ by an ulp. Production React ignores such attributes; any other difference counts.
 */
export function isLastBitHydrationNoise(message: string): boolean {
  if (!message.includes(HYDRATION_ATTRIBUTES)) return false;
  const changed = message
    .split('\n')
    .map((line) => /^\s*([+-])\s+([\w-]+)=(?:\{([^}]*)\}|"([^"]*)")\s*$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ sign: m[1], name: m[2], value: m[3] ?? m[4] }));
  if (changed.length === 0 || changed.length % 2 !== 0) return false;
  for (let i = 0; i < changed.length; i += 2) {
    const [a, b] = [changed[i], changed[i + 1]];
    if (a.sign === b.sign || a.name !== b.name) return false;
    const [x, y] = [Number(a.value), Number(b.value)];
    if (!Number.isFinite(x) || !Number.isFinite(y)) return false;
    if (Math.abs(x - y) > 1e-12 * Math.max(1, Math.abs(x), Math.abs(y))) return false;
  }
  return true;
}

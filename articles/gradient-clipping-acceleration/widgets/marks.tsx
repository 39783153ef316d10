/** n points log-spaced from a to b (both > 0). */
export function logSpace(a: number, b: number, n: number): number[] {
  const [la, lb] = [Math.log10(a), Math.log10(b)];
  return Array.from({ length: n }, (_, i) => 10 ** (la + ((lb - la) * i) / (n - 1)));
}

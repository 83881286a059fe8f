/**
 * Sums decimal texts exactly (BigInt of minor units, never a float), for the balanced-lines check of a manual
 * journal entry. Empty texts count as zero; null when a text is not an amount with at most `decimalPlaces`.
 */
export function sumAmounts(texts: readonly string[], decimalPlaces: number): string | null {
  let total = 0n;
  for (const raw of texts) {
    const text = raw.trim();
    if (text === '') continue;
    const m = /^(\d+)(?:\.(\d+))?$/.exec(text);
    if (!m) return null;
    const frac = (m[2] ?? '').replace(/0+$/, '');
    if (frac.length > decimalPlaces) return null;
    total += BigInt(m[1]! + frac.padEnd(decimalPlaces, '0'));
  }
  const digits = total.toString().padStart(decimalPlaces + 1, '0');
  return decimalPlaces === 0 ? digits : `${digits.slice(0, -decimalPlaces)}.${digits.slice(-decimalPlaces)}`;
}

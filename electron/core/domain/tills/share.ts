/**
 * How full a till is against its cash limit, as a teller may see it while the close is blind (issue 19 point 3):
 * in whole percent, half-even, written with two places ("44.00"), computed in integers. Whole percent is too coarse
 * to read the cash back from a known limit to the unit a count is checked to.
 */
export function wholePercent(part: number, whole: number): string {
  let q = Math.floor((part * 100) / whole);
  const twice = 2 * (part * 100 - q * whole);
  if (twice > whole || (twice === whole && q % 2 === 1)) q += 1;
  return `${q}.00`;
}

/**
 * A percentage as a fraction, rounded so that 99.9 becomes exactly 0.999 and not
 * 0.9990000000000001: targets are compared and shown, and must read as written.
 *
 * @public
 */
export function percentToFraction(percent: number): number {
  return Math.round(percent * 1e10) / 1e12;
}

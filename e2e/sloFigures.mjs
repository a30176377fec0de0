// The SLO figures of the emulator's scenarios as the Operations tab writes them, when the
// emulator publishes each minute late, as CloudWatch does (its CLI's default).

/**
 * Every window ends at the newest published minute, and a 30-day window's old edge falls
 * on the 5-minute clock grid: it holds 43,200 minutes less 0 to 4. The consumed-of-budget
 * text of an availability SLO for each of those lengths, given the bad requests and the
 * budget in a window of so many minutes.
 */
export function consumedTexts(bad, budget) {
  const count = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
  return [0, 1, 2, 3, 4].map(
    short =>
      `${count.format(bad(43_200 - short))} of ${count.format(
        budget(43_200 - short),
      )} requests`,
  );
}

/** A locator for any of `texts`, matched whole. */
export const anyOf = (locator, texts) =>
  locator.getByText(
    new RegExp(`^(${texts.map(t => t.replace(/[.]/g, '\\.')).join('|')})$`),
  );

/** orders-api: 100 requests and 0.02 errors a minute at a 99.9 % target (864 of 4,320). */
export const ORDERS_API_CONSUMED = consumedTexts(
  minutes => 0.02 * minutes,
  minutes => 0.1 * minutes,
);

/**
 * jsdom lays nothing out: a chart that takes its container's size (recharts'
 * ResponsiveContainer) would measure 0 × 0 and draw nothing. While the tests of the
 * calling file run, a chart's container measures as a card's does in a browser.
 */
export function layOutChartsLikeABrowser(width = 480, height = 160) {
  const measure = HTMLElement.prototype.getBoundingClientRect;
  let spy: jest.SpyInstance | undefined;
  beforeEach(() => {
    spy = jest
      .spyOn(HTMLElement.prototype, 'getBoundingClientRect')
      .mockImplementation(function measureChartContainer(this: HTMLElement) {
        return this.classList.contains('recharts-responsive-container')
          ? new DOMRect(0, 0, width, height)
          : measure.call(this);
      });
  });
  afterEach(() => spy?.mockRestore());
}

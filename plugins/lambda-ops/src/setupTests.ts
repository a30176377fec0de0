import '@testing-library/jest-dom';

// jsdom has no ResizeObserver, which recharts' ResponsiveContainer watches its
// container with; a size that never changes is all a test needs.
class StillResizeObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
}
globalThis.ResizeObserver ??= StillResizeObserver as typeof ResizeObserver;

import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// jsdom has no ResizeObserver, which recharts' ResponsiveContainer watches its
// container with; a size that never changes is all a test needs.
class StillResizeObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
}
globalThis.ResizeObserver ??= StillResizeObserver as typeof ResizeObserver;

// The tab renders a large tree whose role queries take hundreds of milliseconds on a
// busy 2-core CI machine; a finding query gives up after 5 s there instead of 1 s, so a
// slow machine does not read as a missing heading.
configure({ asyncUtilTimeout: 5000 });

/* eslint-disable no-script-url -- hostile URLs are the test input: they must never become links */
import { isHttpUrl, safeRunbookLink } from './urls';

const RUNBOOK = 'https://github.com/acme/orders-api/blob/main/docs/runbook.md';

describe('isHttpUrl', () => {
  it.each([
    ['https://example.com/runbook.md', true],
    ['HTTP://example.com/runbook.md', true],
    ['  https://example.com/  ', true],
    ['javascript:alert(1)', false],
    ['JaVaScRiPt:alert(1)', false],
    [' javascript:alert(1)', false],
    ['data:text/html,<script>alert(1)</script>', false],
    ['vbscript:msgbox(1)', false],
    ['mailto:oncall@example.com', false],
    ['file:///etc/passwd', false],
    ['//evil.example.com/runbook', false],
    ['./docs/runbook.md', false],
    ['', false],
  ])('says %j is http(s): %s', (value, expected) => {
    expect(isHttpUrl(value)).toBe(expected);
  });

  it('says null is not', () => {
    expect(isHttpUrl(null)).toBe(false);
  });
});

describe('safeRunbookLink', () => {
  it.each([
    ['#errors', `${RUNBOOK}#errors`],
    ['https://aws.amazon.com/lambda/', 'https://aws.amazon.com/lambda/'],
    [
      './timeout.md',
      'https://github.com/acme/orders-api/blob/main/docs/timeout.md',
    ],
    [
      '../README.md#setup',
      'https://github.com/acme/orders-api/blob/main/README.md#setup',
    ],
    ['javascript:alert(1)', ''],
    ['  javascript:alert(1)', ''],
    ['data:text/html;base64,PHNjcmlwdD4=', ''],
    ['mailto:oncall@example.com', ''],
    ['vbscript:msgbox(1)', ''],
    ['', ''],
    ['   ', ''],
  ])('turns %j into %j', (href, expected) => {
    expect(safeRunbookLink(href, RUNBOOK)).toBe(expected);
  });

  it('keeps a fragment-only link as it is when the runbook has no http(s) URL', () => {
    expect(safeRunbookLink('#errors')).toBe('#errors');
    expect(safeRunbookLink('#errors', 'file:///srv/runbook.md')).toBe(
      '#errors',
    );
  });

  it('leaves relative links inert when the runbook has no http(s) URL', () => {
    expect(safeRunbookLink('./timeout.md', 'file:///srv/runbook.md')).toBe('');
    expect(safeRunbookLink('./timeout.md')).toBe('');
  });
});

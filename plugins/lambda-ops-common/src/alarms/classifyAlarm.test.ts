import fc from 'fast-check';
import {
  AlarmSeverityClassification,
  classifyAlarmSeverity,
} from './classifyAlarm';

const tag = (key: string, value: string) => ({ key, value });

describe('classifyAlarmSeverity', () => {
  describe('where the alarm carries the severity tag', () => {
    it.each([
      ['page', 'page'],
      ['PAGE', 'page'],
      [' Page ', 'page'],
      ['ticket', 'ticket'],
      ['Ticket\t', 'ticket'],
      ['TICKET', 'ticket'],
    ] as const)('reads the value %j as %s', (value, severity) => {
      expect(
        classifyAlarmSeverity({
          name: 'orders-api-errors',
          tags: [tag('severity', value)],
        }),
      ).toEqual({ severity, source: 'tag' });
    });

    it('prefers the tag to the name', () => {
      expect(
        classifyAlarmSeverity({
          name: 'orders-api-errors-page',
          tags: [tag('severity', 'ticket')],
        }),
      ).toEqual({ severity: 'ticket', source: 'tag' });
    });

    it.each(['critical', 'P1', 'high', '', 'page-me', 'pages'])(
      'does not guess at the value %j and tries the name next',
      value => {
        expect(
          classifyAlarmSeverity({
            name: 'orders-api-errors',
            tags: [tag('severity', value)],
          }),
        ).toEqual({ severity: 'unclassified', source: null });
        expect(
          classifyAlarmSeverity({
            name: 'orders-api-errors-page',
            tags: [tag('severity', value)],
          }),
        ).toEqual({ severity: 'page', source: 'name' });
      },
    );

    it('compares the tag key exactly as configured', () => {
      const alarm = {
        name: 'orders-api-errors',
        tags: [tag('Severity', 'page')],
      };
      expect(classifyAlarmSeverity(alarm)).toEqual({
        severity: 'unclassified',
        source: null,
      });
      expect(classifyAlarmSeverity(alarm, { tagKey: 'Severity' })).toEqual({
        severity: 'page',
        source: 'tag',
      });
    });

    it('reads a configured tag key and ignores the default one then', () => {
      const alarm = {
        name: 'orders-api-errors',
        tags: [tag('severity', 'page'), tag('oncall/urgency', 'ticket')],
      };
      expect(
        classifyAlarmSeverity(alarm, { tagKey: 'oncall/urgency' }),
      ).toEqual({ severity: 'ticket', source: 'tag' });
    });
  });

  describe('where the name follows the naming convention', () => {
    it.each<[string, AlarmSeverityClassification['severity']]>([
      ['orders-api-errors-page', 'page'],
      ['page-orders-api-errors', 'page'],
      ['orders_api_errors_PAGE', 'page'],
      ['orders.api.errors.Page', 'page'],
      ['orders-api:page:errors', 'page'],
      ['page/orders-api/errors', 'page'],
      ['orders api errors page', 'page'],
      ['[Ticket] checkout-api throttles', 'ticket'],
      ['(ticket) checkout-api throttles', 'ticket'],
      ['checkout-api-throttles-ticket', 'ticket'],
      ['TICKET', 'ticket'],
      ['請求-ticket-遅延', 'ticket'],
    ])('classifies %j as %s', (name, severity) => {
      expect(classifyAlarmSeverity({ name, tags: [] })).toEqual({
        severity,
        source: 'name',
      });
    });

    it.each([
      'orders-api-errors',
      'pager-duty-sync-errors',
      'orders-api-paged',
      'OrdersPage-errors',
      'tickets-api-errors',
      'ticketing-errors',
      'homepage-errors',
      '',
    ])('leaves %j unclassified: no whole word page or ticket', name => {
      expect(classifyAlarmSeverity({ name, tags: [] })).toEqual({
        severity: 'unclassified',
        source: null,
      });
    });

    it('leaves a name with both words unclassified, as ambiguous', () => {
      expect(
        classifyAlarmSeverity({ name: 'ticket-service-errors-page', tags: [] }),
      ).toEqual({ severity: 'unclassified', source: null });
    });

    it('does not mind the word repeated', () => {
      expect(
        classifyAlarmSeverity({ name: 'page-orders-api-page', tags: [] }),
      ).toEqual({ severity: 'page', source: 'name' });
    });
  });

  it('classifies every name with a separated page word and no ticket word as page', () => {
    const separator = fc.constantFrom('-', '_', '.', ':', '/', ' ');
    const word = fc
      .stringMatching(/^[a-z0-9]{1,8}$/)
      .filter(w => w !== 'ticket');
    fc.assert(
      fc.property(
        fc.array(word, { maxLength: 4 }),
        fc.array(word, { maxLength: 4 }),
        separator,
        fc.constantFrom('page', 'PAGE', 'Page'),
        (before, after, sep, page) => {
          const name = [...before, page, ...after].join(sep);
          expect(classifyAlarmSeverity({ name, tags: [] })).toEqual({
            severity: 'page',
            source: 'name',
          });
        },
      ),
    );
  });
});

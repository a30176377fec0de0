import {
  ApplicationSignalsBudgetReport,
  sloFromBudgetReport,
} from './budgetReport';

const FN = { name: 'orders-api' };

describe('sloFromBudgetReport', () => {
  const requestReport: ApplicationSignalsBudgetReport = {
    Arn: 'arn:aws:application-signals:us-east-1:123456789012:slo/orders-api-availability',
    Name: 'orders-api-availability',
    EvaluationType: 'RequestBased',
    BudgetStatus: 'OK',
    Attainment: 99.95,
    TotalBudgetRequests: 100,
    BudgetRequestsRemaining: 60,
    Goal: {
      AttainmentGoal: 99.9,
      Interval: { RollingInterval: { Duration: 30, DurationUnit: 'DAY' } },
    },
  };

  it.each([
    ['OK', 'ok'],
    ['WARNING', 'warning'],
    ['BREACHED', 'breached'],
    ['INSUFFICIENT_DATA', 'no-data'],
    [undefined, 'no-data'],
  ] as const)('maps the budget status %s to %s', (budgetStatus, status) => {
    expect(
      sloFromBudgetReport(FN, {
        ...requestReport,
        BudgetStatus: budgetStatus,
      }).status,
    ).toBe(status);
  });

  it('keeps an overspent budget negative', () => {
    const slo = sloFromBudgetReport(FN, {
      ...requestReport,
      BudgetStatus: 'BREACHED',
      BudgetRequestsRemaining: -20,
    });
    expect(slo.errorBudget).toEqual({
      total: 100,
      consumed: 120,
      remaining: -0.2,
      unit: 'requests',
    });
  });

  it('counts a zero budget, too little traffic to allow one failure, as spent', () => {
    const slo = sloFromBudgetReport(FN, {
      ...requestReport,
      BudgetStatus: 'BREACHED',
      TotalBudgetRequests: 0,
      BudgetRequestsRemaining: 0,
    });
    expect(slo.errorBudget.remaining).toBe(0);
  });

  it('reads a calendar-month goal as a one-month window', () => {
    const slo = sloFromBudgetReport(FN, {
      ...requestReport,
      Goal: {
        AttainmentGoal: 99.5,
        Interval: {
          CalendarInterval: {
            Duration: 1,
            DurationUnit: 'MONTH',
          },
        },
      },
    });
    expect(slo).toMatchObject({
      target: 0.995,
      window: '1mo',
      description:
        '99.5% of requests succeed per calendar month (Application Signals)',
    });
  });

  it('uses the AWS defaults, 99 % over a rolling 7 days, for a goal left out', () => {
    const slo = sloFromBudgetReport(FN, {
      ...requestReport,
      Goal: undefined,
    });
    expect(slo).toMatchObject({
      target: 0.99,
      window: '7d',
      description: '99% of requests succeed over 7 days (Application Signals)',
    });
  });

  it('converts percentages to fractions', () => {
    const slo = sloFromBudgetReport(FN, { ...requestReport, Attainment: 99.8 });
    expect(slo).toMatchObject({ target: 0.999, attainment: 0.998 });
    expect(slo.errorBudget.remaining).toBeCloseTo(0.6);
  });

  it('counts a period-based budget, given in seconds, in minutes', () => {
    const slo = sloFromBudgetReport(FN, {
      Name: 'orders-api-latency',
      EvaluationType: 'PeriodBased',
      BudgetStatus: 'WARNING',
      Attainment: 99.5,
      TotalBudgetSeconds: 43_200,
      BudgetSecondsRemaining: 10_800,
      Sli: {
        SliMetric: {
          MetricType: 'LATENCY',
          MetricDataQueries: [
            {
              MetricStat: {
                Stat: 'p95',
                Period: 300,
                Metric: { MetricName: 'Duration' },
              },
            },
          ],
        },
        MetricThreshold: 500,
        ComparisonOperator: 'LessThan',
      },
      Goal: { AttainmentGoal: 99 },
    });
    expect(slo).toMatchObject({
      objective: 'latency',
      evaluation: 'period',
      status: 'warning',
      budgetKind: 'ratio',
      errorBudget: {
        total: 720,
        consumed: 540,
        remaining: 0.25,
        unit: 'minutes',
      },
      description:
        '99% of 5-minute periods meet p95 Duration < 500 ms over 7 days (Application Signals)',
    });
  });
});

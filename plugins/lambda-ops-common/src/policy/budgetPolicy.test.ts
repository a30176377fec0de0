import { DEFAULT_BUDGET_POLICY, parseBudgetPolicy } from './budgetPolicy';

describe('parseBudgetPolicy', () => {
  it.each([
    ['block-below: 0, warn-below: 0.25', { blockBelow: 0, warnBelow: 0.25 }],
    ['warn-below: 0.5', { blockBelow: 0, warnBelow: 0.5 }],
    ['block-below: 0.1\nwarn-below: 0.3', { blockBelow: 0.1, warnBelow: 0.3 }],
    ['block-below: -0.5, warn-below: 0', { blockBelow: -0.5, warnBelow: 0 }],
    ['  ', DEFAULT_BUDGET_POLICY],
  ])('reads "%s"', (text, expected) => {
    expect(parseBudgetPolicy(text)).toEqual({ policy: expected, problems: [] });
  });

  it('falls back to the configured policy without the annotation', () => {
    const configured = { blockBelow: 0.05, warnBelow: 0.5 };
    expect(parseBudgetPolicy(undefined, configured).policy).toBe(configured);
  });

  it.each([
    ['block-below 0', '"block-below 0" is not block-below or warn-below'],
    ['stop-below: 0', '"stop-below: 0" is not block-below or warn-below'],
    ['warn-below: 25%', 'warn-below "25%" is not a share of the budget'],
    ['warn-below: 25', 'warn-below "25" is not a share of the budget'],
    [
      'block-below: 0.3, warn-below: 0.2',
      'warn-below 0.2 is under block-below 0.3, so it would never warn',
    ],
  ])(
    'names the annotation, the fault and a valid example for "%s", and applies the default whole',
    (text, fault) => {
      const { policy, problems } = parseBudgetPolicy(text);
      expect(policy).toEqual(DEFAULT_BUDGET_POLICY);
      expect(problems).toEqual([
        {
          code: 'invalid-annotation',
          annotation: 'lambda-ops/budget-policy',
          message: expect.stringContaining(fault),
        },
      ]);
      expect(problems[0].message).toContain(
        'Write it as e.g. "block-below: 0, warn-below: 0.25"',
      );
    },
  );
});

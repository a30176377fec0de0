import { SCENARIO_FUNCTION_NAMES } from './account';
import { SCENARIO_CHANGE_EVENTS } from './events';
import { SCENARIO_FUNCTION_CONFIGURATIONS } from './functions';
import { CHECKOUT_API_DEPLOY_MINUTE, ScenarioMetricCatalog } from './metrics';

describe('scenario function configurations', () => {
  it('point every alias at a published version', () => {
    for (const configuration of Object.values(
      SCENARIO_FUNCTION_CONFIGURATIONS,
    )) {
      const published = configuration.versions.map(v => v.version);
      for (const alias of configuration.aliases) {
        expect(published).toContain(alias.version);
      }
    }
  });

  it('report Lambda Insights metrics exactly for the functions with the extension', () => {
    const catalog = new ScenarioMetricCatalog(0);
    for (const name of SCENARIO_FUNCTION_NAMES) {
      const reportsInsights =
        catalog.find('LambdaInsights', 'memory_utilization', {
          function_name: name,
        }) !== undefined;
      expect([name, reportsInsights]).toEqual([
        name,
        SCENARIO_FUNCTION_CONFIGURATIONS[name].lambdaInsights,
      ]);
    }
  });

  it("publish checkout-api's newest version at the deploy its metrics and change events show", () => {
    const { versions } = SCENARIO_FUNCTION_CONFIGURATIONS['checkout-api'];
    const deployEvent = SCENARIO_CHANGE_EVENTS.find(
      event =>
        event.functionName === 'checkout-api' &&
        event.changeEventType === 'DEPLOYMENT',
    );
    expect(versions[versions.length - 1]).toEqual({
      version: '42',
      publishedMinutesAgo: CHECKOUT_API_DEPLOY_MINUTE,
    });
    expect(deployEvent?.minutesAgo).toBe(CHECKOUT_API_DEPLOY_MINUTE);
  });
});

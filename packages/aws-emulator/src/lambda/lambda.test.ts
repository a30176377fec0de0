import {
  GetAccountSettingsCommand,
  GetAliasCommand,
  GetFunctionCommand,
  GetFunctionConcurrencyCommand,
  GetFunctionConfigurationCommand,
  LambdaClient,
  ListAliasesCommand,
  ListFunctionsCommand,
  ListVersionsByFunctionCommand,
  paginateListVersionsByFunction,
} from '@aws-sdk/client-lambda';
import { useEmulator } from '../__testUtils__/emulator';

const ARN = 'arn:aws:lambda:us-east-1:123456789012:function';

describe('Lambda', () => {
  const aws = useEmulator();

  const configurationOf = (FunctionName: string, Qualifier?: string) =>
    aws.lambda.send(
      new GetFunctionConfigurationCommand({ FunctionName, Qualifier }),
    );

  describe('GetFunctionConfiguration', () => {
    it.each([
      ['orders-api', 10, 1024],
      ['checkout-api', 3, 512],
      ['billing-events', 30, 256],
      ['nightly-report', 900, 2048],
      ['legacy-api', 6, 128],
    ])(
      'gives %s a timeout of %i s and %i MB',
      async (name, timeout, memory) => {
        expect(await configurationOf(name)).toMatchObject({
          FunctionName: name,
          FunctionArn: `${ARN}:${name}`,
          Version: '$LATEST',
          Timeout: timeout,
          MemorySize: memory,
          State: 'Active',
        });
      },
    );

    it('resolves an alias qualifier to its version and echoes the alias ARN', async () => {
      expect(await configurationOf('checkout-api', 'PROD')).toMatchObject({
        FunctionArn: `${ARN}:checkout-api:PROD`,
        Version: '42',
        LastModified: '2026-11-29T11:20:00.000+0000',
      });
      expect(await configurationOf('orders-api', 'PROD')).toMatchObject({
        Version: '17',
      });
      expect(await configurationOf('billing-events', 'LIVE')).toMatchObject({
        Version: '7',
      });
    });

    it('serves published versions and $LATEST by qualifier', async () => {
      expect(await configurationOf('checkout-api', '41')).toMatchObject({
        FunctionArn: `${ARN}:checkout-api:41`,
        Version: '41',
        LastModified: '2026-11-20T12:00:00.000+0000',
      });
      expect(await configurationOf('checkout-api', '$LATEST')).toMatchObject({
        FunctionArn: `${ARN}:checkout-api:$LATEST`,
        Version: '$LATEST',
      });
    });

    it('takes the qualifier from a qualified name, a partial ARN or an ARN of any region', async () => {
      for (const name of [
        'checkout-api:PROD',
        '123456789012:function:checkout-api:PROD',
        'arn:aws:lambda:eu-west-1:123456789012:function:checkout-api:PROD',
      ]) {
        expect(await configurationOf(name)).toMatchObject({ Version: '42' });
      }
      expect(await configurationOf('checkout-api:PROD', 'PROD')).toMatchObject({
        Version: '42',
      });
      await expect(
        configurationOf('checkout-api:PROD', '41'),
      ).rejects.toMatchObject({
        name: 'InvalidParameterValueException',
        $metadata: { httpStatusCode: 400 },
      });
    });

    it('reports the Lambda Insights layer only on checkout-api', async () => {
      expect((await configurationOf('checkout-api')).Layers).toEqual([
        expect.objectContaining({
          Arn: expect.stringContaining(':layer:LambdaInsightsExtension:'),
        }),
      ]);
      expect((await configurationOf('orders-api')).Layers).toBeUndefined();
    });

    it('answers 404 for a qualifier that names nothing', async () => {
      for (const qualifier of ['99', 'STAGING']) {
        await expect(
          configurationOf('checkout-api', qualifier),
        ).rejects.toMatchObject({
          name: 'ResourceNotFoundException',
          message: `Function not found: ${ARN}:checkout-api:${qualifier}`,
          $metadata: { httpStatusCode: 404 },
        });
      }
      // nightly-report has no alias at all.
      await expect(
        configurationOf('nightly-report', 'PROD'),
      ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    });
  });

  const unknownFunction = { FunctionName: 'nope' };
  it.each<[string, (lambda: LambdaClient) => Promise<unknown>]>([
    [
      'GetFunctionConfiguration',
      lambda =>
        lambda.send(new GetFunctionConfigurationCommand(unknownFunction)),
    ],
    [
      'GetFunction',
      lambda => lambda.send(new GetFunctionCommand(unknownFunction)),
    ],
    [
      'GetAlias',
      lambda =>
        lambda.send(new GetAliasCommand({ ...unknownFunction, Name: 'PROD' })),
    ],
    [
      'ListAliases',
      lambda => lambda.send(new ListAliasesCommand(unknownFunction)),
    ],
    [
      'ListVersionsByFunction',
      lambda => lambda.send(new ListVersionsByFunctionCommand(unknownFunction)),
    ],
    [
      'GetFunctionConcurrency',
      lambda => lambda.send(new GetFunctionConcurrencyCommand(unknownFunction)),
    ],
  ])('%s of an unknown function is a 404', async (_operation, call) => {
    await expect(call(aws.lambda)).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: `Function not found: ${ARN}:nope`,
      $fault: 'client',
      $metadata: { httpStatusCode: 404 },
    });
  });

  it('does not know the functions of another account', async () => {
    await expect(
      configurationOf(
        'arn:aws:lambda:us-east-1:210987654321:function:orders-api',
      ),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('GetFunction gives the configuration and the reserved concurrency', async () => {
    const checkout = await aws.lambda.send(
      new GetFunctionCommand({
        FunctionName: 'checkout-api',
        Qualifier: 'PROD',
      }),
    );
    expect(checkout.Configuration).toMatchObject({ Version: '42', Timeout: 3 });
    expect(checkout.Code?.RepositoryType).toBe('S3');
    expect(checkout.Concurrency).toEqual({ ReservedConcurrentExecutions: 100 });
    const orders = await aws.lambda.send(
      new GetFunctionCommand({ FunctionName: 'orders-api' }),
    );
    expect(orders.Concurrency).toBeUndefined();
  });

  describe('aliases', () => {
    it('GetAlias gives the version an alias points to, without weighted routing', async () => {
      const alias = await aws.lambda.send(
        new GetAliasCommand({ FunctionName: 'checkout-api', Name: 'PROD' }),
      );
      expect(alias).toMatchObject({
        AliasArn: `${ARN}:checkout-api:PROD`,
        Name: 'PROD',
        FunctionVersion: '42',
      });
      expect(alias.RoutingConfig).toBeUndefined();
      await expect(
        aws.lambda.send(
          new GetAliasCommand({ FunctionName: 'orders-api', Name: 'STAGING' }),
        ),
      ).rejects.toMatchObject({
        name: 'ResourceNotFoundException',
        message: `Alias not found: ${ARN}:orders-api:STAGING`,
      });
    });

    it('ListAliases lists the aliases, optionally of one version', async () => {
      const list = async (FunctionName: string, FunctionVersion?: string) =>
        (
          await aws.lambda.send(
            new ListAliasesCommand({ FunctionName, FunctionVersion }),
          )
        ).Aliases?.map(a => `${a.Name}->${a.FunctionVersion}`);
      expect(await list('orders-api')).toEqual(['PROD->17']);
      expect(await list('billing-events')).toEqual(['LIVE->7']);
      expect(await list('checkout-api', '42')).toEqual(['PROD->42']);
      expect(await list('checkout-api', '41')).toEqual([]);
      expect(await list('nightly-report')).toEqual([]);
    });

    it('refuses a qualified function name', async () => {
      await expect(
        aws.lambda.send(
          new GetAliasCommand({
            FunctionName: 'orders-api:PROD',
            Name: 'PROD',
          }),
        ),
      ).rejects.toMatchObject({ name: 'InvalidParameterValueException' });
    });
  });

  describe('ListVersionsByFunction', () => {
    const versionsOf = async (FunctionName: string) =>
      (
        await aws.lambda.send(
          new ListVersionsByFunctionCommand({ FunctionName }),
        )
      ).Versions?.map(v => [v.Version, v.LastModified, v.FunctionArn]);

    it('lists $LATEST and the published versions with when they were published', async () => {
      expect(await versionsOf('checkout-api')).toEqual([
        [
          '$LATEST',
          '2026-11-29T11:20:00.000+0000',
          `${ARN}:checkout-api:$LATEST`,
        ],
        ['40', '2026-11-09T12:00:00.000+0000', `${ARN}:checkout-api:40`],
        ['41', '2026-11-20T12:00:00.000+0000', `${ARN}:checkout-api:41`],
        ['42', '2026-11-29T11:20:00.000+0000', `${ARN}:checkout-api:42`],
      ]);
      expect((await versionsOf('orders-api'))?.map(([v]) => v)).toEqual([
        '$LATEST',
        '16',
        '17',
      ]);
      expect((await versionsOf('nightly-report'))?.map(([v]) => v)).toEqual([
        '$LATEST',
        '3',
      ]);
      expect((await versionsOf('legacy-api'))?.map(([v]) => v)).toEqual([
        '$LATEST',
      ]);
    });

    it('gives $LATEST the code of the newest version', async () => {
      const { Versions = [] } = await aws.lambda.send(
        new ListVersionsByFunctionCommand({ FunctionName: 'checkout-api' }),
      );
      const hashes = Versions.map(v => v.CodeSha256);
      expect(hashes[0]).toBe(hashes[3]);
      expect(new Set(hashes.slice(1)).size).toBe(3);
    });

    it('pages with MaxItems and Marker, as the SDK paginator follows them', async () => {
      const first = await aws.lambda.send(
        new ListVersionsByFunctionCommand({
          FunctionName: 'checkout-api',
          MaxItems: 3,
        }),
      );
      expect(first.Versions?.map(v => v.Version)).toEqual([
        '$LATEST',
        '40',
        '41',
      ]);
      expect(first.NextMarker).toBeDefined();
      const versions: string[] = [];
      for await (const page of paginateListVersionsByFunction(
        { client: aws.lambda, pageSize: 1 },
        { FunctionName: 'checkout-api' },
      )) {
        versions.push(...(page.Versions ?? []).map(v => v.Version ?? ''));
      }
      expect(versions).toEqual(['$LATEST', '40', '41', '42']);
      await expect(
        aws.lambda.send(
          new ListVersionsByFunctionCommand({
            FunctionName: 'checkout-api',
            MaxItems: 0,
          }),
        ),
      ).rejects.toMatchObject({ name: 'ValidationException' });
    });
  });

  it('GetFunctionConcurrency gives the reserved concurrency, nothing when there is none', async () => {
    const concurrencyOf = (FunctionName: string) =>
      aws.lambda.send(new GetFunctionConcurrencyCommand({ FunctionName }));
    expect(
      (await concurrencyOf('checkout-api')).ReservedConcurrentExecutions,
    ).toBe(100);
    expect(
      (await concurrencyOf('orders-api')).ReservedConcurrentExecutions,
    ).toBeUndefined();
  });

  it('GetAccountSettings gives the concurrency limit of 1000, 900 of it unreserved', async () => {
    const settings = await aws.lambda.send(new GetAccountSettingsCommand({}));
    expect(settings.AccountLimit).toMatchObject({
      ConcurrentExecutions: 1000,
      UnreservedConcurrentExecutions: 900,
    });
    expect(settings.AccountUsage?.FunctionCount).toBe(6);
  });

  describe('knobs and stats', () => {
    const clientWith = (maxAttempts: number) =>
      new LambdaClient({
        endpoint: aws.emulator.url,
        region: 'us-east-1',
        credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
        maxAttempts,
      });

    it('throttles with 429 TooManyRequestsException, which the SDK retries', async () => {
      const once = clientWith(1);
      aws.emulator.setKnobs({ throttle: { count: 1 } });
      await expect(
        once.send(new GetAccountSettingsCommand({})),
      ).rejects.toMatchObject({
        name: 'TooManyRequestsException',
        Reason: 'CallerRateLimitExceeded',
        $metadata: { httpStatusCode: 429 },
      });
      once.destroy();

      aws.emulator.setKnobs({ throttle: { count: 1 } });
      const retried = await aws.lambda.send(
        new GetFunctionConcurrencyCommand({ FunctionName: 'checkout-api' }),
      );
      expect(retried.$metadata.attempts).toBe(2);
      expect(aws.emulator.stats()).toMatchObject({
        totalCalls: 3,
        calls: { GetAccountSettings: 1, GetFunctionConcurrency: 2 },
        throttledCalls: 2,
      });
    });

    it('answers 503 during an outage', async () => {
      const once = clientWith(1);
      aws.emulator.setKnobs({ outage: true });
      await expect(
        once.send(
          new GetAliasCommand({ FunctionName: 'checkout-api', Name: 'PROD' }),
        ),
      ).rejects.toMatchObject({
        name: 'ServiceUnavailableException',
        $fault: 'server',
        $metadata: { httpStatusCode: 503 },
      });
      once.destroy();
      expect(aws.emulator.stats().outageCalls).toBe(1);
    });

    it('answers an operation it does not implement with UnknownOperationException', async () => {
      await expect(
        aws.lambda.send(new ListFunctionsCommand({})),
      ).rejects.toMatchObject({
        name: 'UnknownOperationException',
        $metadata: { httpStatusCode: 404 },
      });
      expect(aws.emulator.stats().calls).toEqual({ UnknownOperation: 1 });
    });
  });
});

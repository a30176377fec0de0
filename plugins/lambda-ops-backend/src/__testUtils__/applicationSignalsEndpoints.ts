import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { ConfigReader } from '@backstage/config';
import { DefaultAwsCredentialsManager } from '@backstage/integration-aws-node';
import { DefaultAwsClientFactory } from '../services/AwsClientFactory';

/** AWS clients of the main account whose Application Signals is at `endpoint`. */
export function applicationSignalsClientsAt(
  endpoint: string,
): DefaultAwsClientFactory {
  return DefaultAwsClientFactory.create({
    credentialsManager: DefaultAwsCredentialsManager.fromConfig(
      new ConfigReader({
        aws: { mainAccount: { accessKeyId: 'test', secretAccessKey: 'test' } },
      }),
    ),
    settings: { endpoints: { applicationSignals: endpoint }, maxAttempts: 2 },
  });
}

/** What Application Signals answers a role without the permission. */
export const ACCESS_DENIED_ANSWER = {
  status: 403,
  headers: {
    'content-type': 'application/json',
    'x-amzn-errortype': 'AccessDeniedException',
  },
  body: JSON.stringify({ message: 'not authorized' }),
};

/** An HTTP server that gives every request the same answer. */
export async function startFixedAnswerServer(answer: {
  status: number;
  headers: Record<string, string>;
  body: string;
}) {
  const server = createServer((_req, res) => {
    res.writeHead(answer.status, answer.headers);
    res.end(answer.body);
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise(resolve => server.close(resolve)),
  };
}

import { mockServices } from '@backstage/backend-test-utils';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import express from 'express';
import request from 'supertest';
import { createErrorHandler } from './errorHandler';
import { PayloadTooLargeError } from './errors';

function appThrowing(error: unknown) {
  const logger = mockServices.logger.mock();
  const root = mockServices.logger.mock({ child: () => logger });
  const app = express();
  app.get('/fail', () => {
    throw error;
  });
  app.use(createErrorHandler({ logger: root }));
  return { app, logger };
}

describe('createErrorHandler', () => {
  it.each([
    ['InputError', 400, new InputError('bad annotation')],
    ['NotAllowedError', 403, new NotAllowedError('no permission')],
    ['NotFoundError', 404, new NotFoundError('no such entity')],
    ['ConflictError', 409, new ConflictError('other content')],
    ['PayloadTooLargeError', 413, new PayloadTooLargeError('too large')],
    ['ServiceUnavailableError', 503, new ServiceUnavailableError('AWS down')],
    ['a plain Error', 500, new Error('a bug')],
  ])(
    'answers %s with HTTP %i and the standard error body',
    async (_, status, error) => {
      const { app } = appThrowing(error);
      const res = await request(app).get('/fail');
      expect(res.status).toBe(status);
      expect(res.body).toEqual({
        error: expect.objectContaining({
          name: error.name,
          message: error.message,
        }),
        request: { method: 'GET', url: '/fail' },
        response: { statusCode: status },
      });
    },
  );

  it('never sends a stack trace', async () => {
    const { app } = appThrowing(new Error('with a stack'));
    const res = await request(app).get('/fail');
    expect(JSON.stringify(res.body)).not.toContain('errorHandler.test');
    expect(res.body.error.stack).toBeUndefined();
  });

  it('logs server errors, not client errors', async () => {
    const server = appThrowing(new ServiceUnavailableError('AWS down'));
    await request(server.app).get('/fail');
    expect(server.logger.error).toHaveBeenCalledWith(
      'Request failed with status 503',
      expect.any(ServiceUnavailableError),
    );

    const client = appThrowing(new InputError('bad annotation'));
    await request(client.app).get('/fail');
    expect(client.logger.error).not.toHaveBeenCalled();
  });

  it.each([
    ['a thrown string', 'secret connection string'],
    [
      'a database error',
      Object.assign(new (class DatabaseError extends Error {})('SELECT *'), {
        name: 'error',
      }),
    ],
  ])(
    'keeps %s out of the answer and logs it under an id',
    async (_, thrown) => {
      const { app, logger } = appThrowing(thrown);
      const res = await request(app).get('/fail');
      expect(res.status).toBe(500);
      expect(res.body.error.message).toMatch(
        /^An internal error occurred logId=[0-9a-f]{20}$/,
      );
      const logId = res.body.error.message.split('=')[1];
      expect(logger.error).toHaveBeenCalledWith(
        `Internal error logId=${logId}`,
        expect.anything(),
      );
      expect(JSON.stringify(res.body)).not.toMatch(/secret|SELECT/);
    },
  );
});

import { Readable } from 'node:stream';
import {
  ReadUrlResponseFactory,
  UrlReaders,
} from '@backstage/backend-defaults/urlReader';
import { UrlReaderServiceReadUrlResponse } from '@backstage/backend-plugin-api';
import {
  createMockDirectory,
  mockErrorHandler,
  mockServices,
  ServiceFactoryTester,
} from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import express from 'express';
import request from 'supertest';
import { RunbookService, runbookServiceRef } from './RunbookService';
import { PayloadTooLargeError } from '../errors';

const RUNBOOK = [
  '# Orders API runbook',
  '## A. Triage in 3 minutes',
  '```bash',
  '# a shell comment, not a heading',
  '```',
  '## B. Stop the bleeding, safest first',
  '## C. Permanent fix',
  '',
].join('\n');

const GITHUB_SOURCE = 'url:https://github.com/org/repo/tree/main/';

function entityAt(location?: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'orders-api',
      annotations: location
        ? { 'backstage.io/managed-by-location': location }
        : {},
    },
    spec: {},
  };
}

/** A reader response that streams, as Backstage's readers give it. */
function streamed(content: string | Buffer) {
  return ReadUrlResponseFactory.fromReadable(Readable.from([content]));
}

/** A reader response with only `buffer()`, as older readers give it. */
function buffered(content: string | Buffer): UrlReaderServiceReadUrlResponse {
  return { buffer: async () => Buffer.from(content) };
}

describe('RunbookService', () => {
  const mockDir = createMockDirectory();
  const urlReader = mockServices.urlReader.mock();
  const resolveHost = jest.fn(async (_hostname: string) => ['140.82.112.3']);

  function service(
    options: { allowLocalFiles?: boolean; maxBytes?: number } = {},
  ) {
    return new RunbookService({
      urlReader,
      logger: mockServices.logger.mock(),
      maxBytes: options.maxBytes ?? 1024 * 1024,
      allowLocalFiles: options.allowLocalFiles ?? false,
      resolveHost,
    });
  }

  /** The error a call fails with, or a failure when it does not. */
  async function failure(promise: Promise<unknown>): Promise<Error> {
    try {
      await promise;
    } catch (error) {
      return error as Error;
    }
    throw new Error('expected the call to fail');
  }

  beforeEach(() => {
    jest.clearAllMocks();
    mockDir.clear();
    urlReader.readUrl.mockImplementation(async () => streamed(RUNBOOK));
  });

  describe('where the runbook is a URL', () => {
    it('reads it through the URL reader and finds its headings', async () => {
      const runbook = await service().getRunbook(
        entityAt(),
        'https://github.com/org/repo/blob/main/docs/runbook.md#timeout',
      );
      expect(urlReader.readUrl).toHaveBeenCalledWith(
        'https://github.com/org/repo/blob/main/docs/runbook.md',
      );
      expect(runbook).toEqual({
        url: 'https://github.com/org/repo/blob/main/docs/runbook.md',
        markdown: RUNBOOK,
        headings: [
          { id: 'orders-api-runbook', text: 'Orders API runbook', level: 1 },
          {
            id: 'a-triage-in-3-minutes',
            text: 'A. Triage in 3 minutes',
            level: 2,
          },
          {
            id: 'b-stop-the-bleeding-safest-first',
            text: 'B. Stop the bleeding, safest first',
            level: 2,
          },
          { id: 'c-permanent-fix', text: 'C. Permanent fix', level: 2 },
        ],
      });
    });

    it('resolves a relative path against a url: source location', async () => {
      const runbook = await service().getRunbook(
        entityAt(GITHUB_SOURCE),
        './docs/runbook.md',
      );
      expect(urlReader.readUrl).toHaveBeenCalledWith(
        'https://github.com/org/repo/tree/main/docs/runbook.md',
      );
      expect(runbook.url).toBe(
        'https://github.com/org/repo/tree/main/docs/runbook.md',
      );
    });

    it('takes a buffer-only response too', async () => {
      urlReader.readUrl.mockResolvedValue(buffered('# Only buffer'));
      const runbook = await service().getRunbook(
        entityAt(),
        'https://example.com/runbook.md',
      );
      expect(runbook.headings.map(h => h.id)).toEqual(['only-buffer']);
    });

    it('returns the markdown as it is, raw HTML included', async () => {
      const markdown = '# Hi\n\n<script>alert(1)</script>\n';
      urlReader.readUrl.mockResolvedValue(streamed(markdown));
      const runbook = await service().getRunbook(
        entityAt(),
        'https://example.com/runbook.md',
      );
      expect(runbook.markdown).toBe(markdown);
    });

    it.each([
      'http://169.254.169.254/latest/meta-data',
      'http://169.254.170.2/v2/credentials',
      'http://metadata.google.internal/computeMetadata/v1/',
      'http://METADATA.google.internal./computeMetadata/v1/',
      'http://[fd00:ec2::254]/latest/meta-data',
      'http://[::ffff:169.254.169.254]/latest/meta-data',
      'http://[fe80::1]/runbook.md',
      'http://2852039166/latest/meta-data',
      'http://0xa9.0xfe.0xa9.0xfe/latest',
      'http://169.254.169.254./latest',
    ])('refuses the metadata address %s without reading it', async url => {
      const error = await failure(service().getRunbook(entityAt(), url));
      expect(error.name).toBe('InputError');
      expect(error.message).toContain(
        'an internal or cloud metadata address, which is never read',
      );
      expect(urlReader.readUrl).not.toHaveBeenCalled();
    });

    it('refuses a host name that resolves to a metadata address', async () => {
      resolveHost.mockResolvedValueOnce(['10.0.0.1', '169.254.169.254']);
      const error = await failure(
        service().getRunbook(entityAt(), 'https://runbooks.example.com/a.md'),
      );
      expect(error.name).toBe('InputError');
      expect(error.message).toContain(
        'points at runbooks.example.com (169.254.169.254)',
      );
      expect(resolveHost).toHaveBeenCalledWith('runbooks.example.com');
      expect(urlReader.readUrl).not.toHaveBeenCalled();
    });

    it('passes on an allow-list refusal from the reader with a clear message', async () => {
      // Backstage's own readers: no integration and no backend.reading.allow entry
      // for the host, so its reader mux refuses before anything is fetched.
      const realReader = UrlReaders.default({
        logger: mockServices.logger.mock(),
        config: new ConfigReader({
          backend: { reading: { allow: [{ host: 'docs.example.com' }] } },
        }),
      });
      const runbooks = new RunbookService({
        urlReader: realReader,
        logger: mockServices.logger.mock(),
        maxBytes: 1024,
        allowLocalFiles: false,
        resolveHost,
      });
      const error = await failure(
        runbooks.getRunbook(entityAt(), 'https://wiki.example.net/runbook.md'),
      );
      expect(error).toBeInstanceOf(NotAllowedError);
      expect(error.message).toBe(
        'Runbook https://wiki.example.net/runbook.md cannot be read: wiki.example.net is not an allowed host: add it to integrations or backend.reading.allow in app-config.yaml, or move the runbook to a host that is',
      );
    });

    it.each([
      new NotAllowedError('nope'),
      // What the fetch reader throws when a redirect leaves the allow list.
      new Error(
        'URL not allowed by backend.reading.allow configuration: https://elsewhere.example.org/',
      ),
    ])('maps %s the same way', async refusal => {
      urlReader.readUrl.mockRejectedValue(refusal);
      const error = await failure(
        service().getRunbook(entityAt(), 'https://wiki.example.net/a.md'),
      );
      expect(error.name).toBe('NotAllowedError');
      expect(error.message).toContain(
        'wiki.example.net is not an allowed host: add it to integrations or backend.reading.allow',
      );
    });

    it('answers 404 when the document does not exist', async () => {
      urlReader.readUrl.mockRejectedValue(
        new NotFoundError('could not read …, 404 Not Found'),
      );
      const error = await failure(
        service().getRunbook(entityAt(GITHUB_SOURCE), 'docs/missing.md'),
      );
      expect(error.name).toBe('NotFoundError');
      expect(error.message).toBe(
        'Runbook https://github.com/org/repo/tree/main/docs/missing.md does not exist (404) (resolved from "docs/missing.md"): check the path and the branch, or fix the link',
      );
    });

    it('answers 503 when the reader fails otherwise, without its stack', async () => {
      urlReader.readUrl.mockRejectedValue(
        new Error('could not read https://example.com/a.md, 401 Unauthorized'),
      );
      const error = await failure(
        service().getRunbook(entityAt(), 'https://example.com/a.md'),
      );
      expect(error.name).toBe('ServiceUnavailableError');
      expect(error.message).toContain('401 Unauthorized');
      expect(error.message).toContain('check the integration for example.com');
      expect((error as { cause?: unknown }).cause).toBeUndefined();
    });
  });

  describe('where the annotation cannot be used', () => {
    it.each([
      [
        '../../../etc/passwd',
        GITHUB_SOURCE,
        "climbs out of the entity's repository",
      ],
      ['file:///etc/passwd', GITHUB_SOURCE, 'uses the file: scheme'],
      // eslint-disable-next-line no-script-url -- the scheme must be refused
      ['javascript:alert(1)', undefined, 'uses the javascript: scheme'],
      ['/etc/passwd', GITHUB_SOURCE, 'is an absolute file path'],
      ['./docs/runbook.md', undefined, 'give a URL'],
    ])(
      'refuses %j with a clear InputError',
      async (annotation, location, text) => {
        const error = await failure(
          service({ allowLocalFiles: true }).getRunbook(
            entityAt(location),
            annotation,
          ),
        );
        expect(error.name).toBe('InputError');
        expect(error.message).toContain(text);
        expect(urlReader.readUrl).not.toHaveBeenCalled();
      },
    );
  });

  describe('where the entity comes from a local catalog file', () => {
    function localEntity() {
      return entityAt(`file:${mockDir.resolve('orders/catalog-info.yaml')}`);
    }

    it('reads the runbook beside it when allowLocalFiles is on', async () => {
      mockDir.setContent({
        'orders/catalog-info.yaml': 'kind: Component',
        'orders/docs/runbook.md': RUNBOOK,
      });
      const runbook = await service({ allowLocalFiles: true }).getRunbook(
        localEntity(),
        './docs/runbook.md',
      );
      // Named relative to the catalog file's folder, never by its path on disk.
      expect(runbook.url).toBe('./docs/runbook.md');
      expect(runbook.markdown).toBe(RUNBOOK);
      expect(runbook.headings.map(h => h.id)).toEqual([
        'orders-api-runbook',
        'a-triage-in-3-minutes',
        'b-stop-the-bleeding-safest-first',
        'c-permanent-fix',
      ]);
      expect(urlReader.readUrl).not.toHaveBeenCalled();
    });

    it('refuses it, naming the config key, when allowLocalFiles is off', async () => {
      mockDir.setContent({ 'orders/docs/runbook.md': RUNBOOK });
      const error = await failure(
        service().getRunbook(localEntity(), './docs/runbook.md'),
      );
      expect(error.name).toBe('NotAllowedError');
      expect(error.message).toContain(
        'set lambdaOps.runbooks.allowLocalFiles: true',
      );
    });

    it('refuses ../../../etc/passwd before touching the disk', async () => {
      const error = await failure(
        service({ allowLocalFiles: true }).getRunbook(
          localEntity(),
          '../../../etc/passwd',
        ),
      );
      expect(error.name).toBe('InputError');
      expect(error.message).toContain(
        "climbs out of the catalog file's folder",
      );
    });

    it('refuses a symbolic link that leads out of the folder', async () => {
      mockDir.setContent({
        'secrets/credentials.md': '# secret',
        'orders/catalog-info.yaml': 'kind: Component',
        'orders/docs/runbook.md': ({ symlink }) =>
          symlink(mockDir.resolve('secrets/credentials.md')),
      });
      const error = await failure(
        service({ allowLocalFiles: true }).getRunbook(
          localEntity(),
          'docs/runbook.md',
        ),
      );
      expect(error.name).toBe('InputError');
      expect(error.message).toContain(
        "is a symbolic link that leads out of the catalog file's folder",
      );
    });

    it('follows a symbolic link that stays inside the folder', async () => {
      mockDir.setContent({
        'orders/catalog-info.yaml': 'kind: Component',
        'orders/shared/runbook.md': '# Shared',
        'orders/docs/runbook.md': ({ symlink }) =>
          symlink(mockDir.resolve('orders/shared/runbook.md')),
      });
      const runbook = await service({ allowLocalFiles: true }).getRunbook(
        localEntity(),
        'docs/runbook.md',
      );
      expect(runbook.markdown).toBe('# Shared');
    });

    it('answers 404 for a file that does not exist, naming it relative to the folder', async () => {
      mockDir.setContent({ 'orders/catalog-info.yaml': 'kind: Component' });
      const error = await failure(
        service({ allowLocalFiles: true }).getRunbook(
          localEntity(),
          'docs/missing.md',
        ),
      );
      expect(error.name).toBe('NotFoundError');
      expect(error.message).toBe(
        "Runbook ./docs/missing.md does not exist: check lambda-ops/runbook, which is relative to the entity's catalog file",
      );
    });

    it("refuses a sibling folder whose name starts with the catalog folder's name", async () => {
      mockDir.setContent({
        'orders/catalog-info.yaml': 'kind: Component',
        'orders-evil/runbook.md': '# not yours',
      });
      const error = await failure(
        service({ allowLocalFiles: true }).getRunbook(
          localEntity(),
          '../orders-evil/runbook.md',
        ),
      );
      expect(error.name).toBe('InputError');
      expect(error.message).toBe(
        'lambda-ops/runbook "../orders-evil/runbook.md" climbs out of the catalog file\'s folder: keep the runbook in that folder or below it, or give its URL',
      );
    });

    it('refuses a symbolic link into a sibling folder that shares the name as a prefix', async () => {
      mockDir.setContent({
        'orders/catalog-info.yaml': 'kind: Component',
        'orders-evil/runbook.md': '# not yours',
        'orders/docs/runbook.md': ({ symlink }) =>
          symlink(mockDir.resolve('orders-evil/runbook.md')),
      });
      const error = await failure(
        service({ allowLocalFiles: true }).getRunbook(
          localEntity(),
          'docs/runbook.md',
        ),
      );
      expect(error.name).toBe('InputError');
      expect(error.message).toBe(
        "Runbook ./docs/runbook.md is a symbolic link that leads out of the catalog file's folder: keep the runbook itself in that folder or below it",
      );
    });

    it.each([
      ['a missing file', {}, 'docs/missing.md'],
      [
        'a file too large',
        { 'orders/docs/big.md': 'x'.repeat(101) },
        'docs/big.md',
      ],
      ['a folder', { 'orders/docs/runbook.md': {} }, 'docs/runbook.md'],
      [
        'binary data',
        { 'orders/docs/runbook.md': Buffer.from([0, 1]) },
        'docs/runbook.md',
      ],
      [
        'a link out',
        {
          'orders/docs/runbook.md': ({
            symlink,
          }: {
            symlink: (target: string) => unknown;
          }) => symlink(mockDir.resolve('x.md')),
          'x.md': '# x',
        },
        'docs/runbook.md',
      ],
    ])('never names the path on disk for %s', async (_, files, annotation) => {
      mockDir.setContent({
        'orders/catalog-info.yaml': 'kind: Component',
        ...(files as object),
      } as Parameters<typeof mockDir.setContent>[0]);
      const error = await failure(
        service({ allowLocalFiles: true, maxBytes: 100 }).getRunbook(
          localEntity(),
          annotation,
        ),
      );
      expect(error.message).toContain(`./${annotation}`);
      expect(error.message).not.toContain(mockDir.path);
    });

    it('refuses a folder', async () => {
      mockDir.setContent({ 'orders/docs/runbook.md': {} });
      const error = await failure(
        service({ allowLocalFiles: true }).getRunbook(
          localEntity(),
          'docs/runbook.md',
        ),
      );
      expect(error.name).toBe('InputError');
      expect(error.message).toContain('is not a file');
    });
  });

  describe('where the document is not a runbook', () => {
    it.each([
      ['a stream', (b: Buffer) => streamed(b)],
      ['a buffer', (b: Buffer) => Promise.resolve(buffered(b))],
    ])(
      'answers 413 for a document over maxBytes read as %s',
      async (_, respond) => {
        urlReader.readUrl.mockImplementation(() =>
          respond(Buffer.from('#'.repeat(101))),
        );
        const error = await failure(
          service({ maxBytes: 100 }).getRunbook(
            entityAt(),
            'https://example.com/runbook.md',
          ),
        );
        expect(error).toBeInstanceOf(PayloadTooLargeError);
        expect(error).toMatchObject({
          name: 'PayloadTooLargeError',
          statusCode: 413,
          message:
            'Runbook https://example.com/runbook.md is larger than 100 bytes: split it, or raise lambdaOps.runbooks.maxBytes',
        });
      },
    );

    it('answers 413 for a local file over maxBytes', async () => {
      mockDir.setContent({ 'orders/runbook.md': 'x'.repeat(101) });
      const error = await failure(
        service({ allowLocalFiles: true, maxBytes: 100 }).getRunbook(
          entityAt(`file:${mockDir.resolve('orders/catalog-info.yaml')}`),
          'runbook.md',
        ),
      );
      expect(error).toMatchObject({ statusCode: 413 });
    });

    it('reads a document of exactly maxBytes', async () => {
      urlReader.readUrl.mockResolvedValue(streamed('x'.repeat(100)));
      const runbook = await service({ maxBytes: 100 }).getRunbook(
        entityAt(),
        'https://example.com/runbook.md',
      );
      expect(runbook.markdown).toHaveLength(100);
    });

    it('answers 400 for binary content', async () => {
      urlReader.readUrl.mockResolvedValue(
        streamed(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x00, 0x00])),
      );
      const error = await failure(
        service().getRunbook(entityAt(), 'https://example.com/runbook.md'),
      );
      expect(error.name).toBe('InputError');
      expect(error.message).toContain('is not markdown: it holds binary data');
    });

    it('answers 400 for text that is not UTF-8', async () => {
      urlReader.readUrl.mockResolvedValue(streamed(Buffer.from([0xc3, 0x28])));
      const error = await failure(
        service().getRunbook(entityAt(), 'https://example.com/runbook.md'),
      );
      expect(error.message).toContain('it is not UTF-8 text');
    });

    it.each([
      '<!DOCTYPE html>\n<html><body>Sign in</body></html>',
      '\n  <html lang="en"><head></head></html>',
    ])('answers 400 for the HTML page %j', async page => {
      urlReader.readUrl.mockResolvedValue(streamed(page));
      const error = await failure(
        service().getRunbook(entityAt(), 'https://wiki.example.com/runbook'),
      );
      expect(error.name).toBe('InputError');
      expect(error.message).toContain('is an HTML page, not markdown');
    });

    it.each(['runbook.html', 'runbook.pdf', 'diagram.PNG'])(
      'refuses %s by its extension without reading it',
      async file => {
        const error = await failure(
          service().getRunbook(entityAt(GITHUB_SOURCE), `docs/${file}`),
        );
        expect(error.name).toBe('InputError');
        expect(error.message).toContain('is not markdown (its extension is');
        expect(urlReader.readUrl).not.toHaveBeenCalled();
      },
    );

    it.each(['RUNBOOK.MD', 'runbook.markdown', 'runbook.txt', 'RUNBOOK'])(
      'reads %s',
      async file => {
        await service().getRunbook(entityAt(GITHUB_SOURCE), file);
        expect(urlReader.readUrl).toHaveBeenCalledTimes(1);
      },
    );
  });

  describe('checkRunbook, for the coverage checks', () => {
    // The check's reason follows "links <link> which", so it names the link no more.
    it('says readable for a runbook that can be read, section and all', async () => {
      urlReader.readUrl.mockResolvedValue(streamed(RUNBOOK));
      await expect(
        service().checkRunbook(entityAt(), 'https://wiki.example.com/a.md#b'),
      ).resolves.toEqual({
        url: 'https://wiki.example.com/a.md#b',
        readable: true,
        reason: null,
      });
    });

    it.each([
      [
        'a link that answers 404',
        new NotFoundError(
          'could not read https://wiki.example.com/gone.md, 404 Not Found',
        ),
        'https://wiki.example.com/gone.md#throttles',
        'does not exist (404): check the path and the branch, or fix the link',
      ],
      [
        'a host that answers 503',
        new Error(
          'could not read https://wiki.example.com/a.md, 503 Service Unavailable',
        ),
        'https://wiki.example.com/a.md',
        'could not be read (could not read it, 503 Service Unavailable): check the integration for wiki.example.com and its credentials, then try again',
      ],
      [
        'a host that is down',
        new Error(
          'Unable to read https://wiki.example.com/a.md, FetchError: request to https://wiki.example.com/a.md failed, reason: socket hang up',
        ),
        'https://wiki.example.com/a.md',
        'could not be reached (Unable to read it, FetchError: request to it failed, reason: socket hang up): check that wiki.example.com is up and that the backend can reach it, then try again',
      ],
      [
        'a host that refuses connections',
        new Error(
          'Unable to read https://wiki.example.com/a.md, TypeError: fetch failed',
        ),
        'https://wiki.example.com/a.md',
        'could not be reached (Unable to read it, TypeError: fetch failed): check that wiki.example.com is up and that the backend can reach it, then try again',
      ],
    ])(
      'names the fix for %s, without the URL again',
      async (_, failure_, link, reason) => {
        urlReader.readUrl.mockRejectedValue(failure_);
        await expect(service().checkRunbook(entityAt(), link)).resolves.toEqual(
          {
            url: link,
            readable: false,
            reason,
          },
        );
      },
    );

    it('says where a relative link was resolved to', async () => {
      urlReader.readUrl.mockRejectedValue(new NotFoundError('not found'));
      const reachability = await service().checkRunbook(
        entityAt(GITHUB_SOURCE),
        'docs/missing.md',
      );
      expect(reachability.reason).toBe(
        'does not exist (404) (resolved from "docs/missing.md"): check the path and the branch, or fix the link',
      );
    });

    it('names the fix for a link that cannot be used at all', async () => {
      const reachability = await service().checkRunbook(
        entityAt(),
        'http://169.254.169.254/latest/meta-data',
      );
      expect(reachability.readable).toBe(false);
      expect(reachability.reason).toMatch(
        /^points at 169\.254\.169\.254, an internal or cloud metadata address/,
      );
      const invalid = await service().checkRunbook(entityAt(), 'ftp://x/y.md');
      expect(invalid.reason).toMatch(/^cannot be read: /);
      expect(urlReader.readUrl).not.toHaveBeenCalled();
    });

    it('names a local file relative to its folder', async () => {
      mockDir.setContent({ 'orders/catalog-info.yaml': 'kind: Component' });
      const reachability = await service({
        allowLocalFiles: true,
      }).checkRunbook(
        entityAt(`file:${mockDir.resolve('orders/catalog-info.yaml')}`),
        './docs/missing.md',
      );
      expect(reachability.reason).toBe(
        "does not exist: check lambda-ops/runbook, which is relative to the entity's catalog file",
      );
    });
  });

  it('gets 413 and its message through the Backstage error handler', async () => {
    urlReader.readUrl.mockResolvedValue(streamed('x'.repeat(101)));
    const runbooks = service({ maxBytes: 100 });
    const app = express();
    app.get('/runbook', async (_req, res, next) => {
      try {
        res.json(
          await runbooks.getRunbook(entityAt(), 'https://example.com/a.md'),
        );
      } catch (error) {
        next(error);
      }
    });
    app.use(mockErrorHandler());
    const response = await request(app).get('/runbook');
    expect(response.status).toBe(413);
    expect(response.body.error).toMatchObject({
      name: 'PayloadTooLargeError',
      message:
        'Runbook https://example.com/a.md is larger than 100 bytes: split it, or raise lambdaOps.runbooks.maxBytes',
    });
    expect(response.body.error.stack).toBeUndefined();
  });

  describe('runbookServiceRef', () => {
    it('is built from lambdaOps.runbooks config with a 1 MiB default', async () => {
      const reader = mockServices.urlReader.mock({
        readUrl: async () => streamed(Buffer.alloc(1024 * 1024 + 1, 'x')),
      });
      const tester = ServiceFactoryTester.from(
        mockServices.rootConfig.factory({ data: {} }),
        { dependencies: [reader.factory] },
      );
      const runbooks = await tester.getService(runbookServiceRef, 'lambda-ops');
      const error = await failure(
        // An address, so that no DNS lookup is made.
        runbooks.getRunbook(entityAt(), 'https://192.0.2.10/a.md'),
      );
      expect(error).toMatchObject({ statusCode: 413 });
      expect(error.message).toContain('larger than 1048576 bytes');
    });

    it('reads local files when lambdaOps.runbooks.allowLocalFiles is true', async () => {
      mockDir.setContent({ 'orders/runbook.md': '# Local' });
      const entity = entityAt(
        `file:${mockDir.resolve('orders/catalog-info.yaml')}`,
      );
      const tester = ServiceFactoryTester.from(
        mockServices.rootConfig.factory({
          data: { lambdaOps: { runbooks: { allowLocalFiles: true } } },
        }),
        { dependencies: [mockServices.urlReader.mock().factory] },
      );
      const runbooks = await tester.getService(runbookServiceRef, 'lambda-ops');
      await expect(runbooks.getRunbook(entity, 'runbook.md')).resolves.toEqual(
        expect.objectContaining({ markdown: '# Local' }),
      );
    });

    it('fails start-up on a bad maxBytes', () => {
      expect(() =>
        RunbookService.fromConfig(
          new ConfigReader({ lambdaOps: { runbooks: { maxBytes: -1 } } }),
          {
            urlReader: mockServices.urlReader.mock(),
            logger: mockServices.logger.mock(),
          },
        ),
      ).toThrow(
        'Invalid lambdaOps.runbooks.maxBytes -1: use a whole number of bytes above 0',
      );
    });
  });
});

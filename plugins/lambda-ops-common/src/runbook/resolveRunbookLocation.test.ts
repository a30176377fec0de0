import type { Entity } from '@backstage/catalog-model';
import {
  resolveRunbookLocation,
  runbookBaseLocation,
} from './resolveRunbookLocation';

const GITHUB_SOURCE = 'url:https://github.com/org/repo/tree/main/';
const GITHUB_CATALOG_FILE =
  'url:https://github.com/org/repo/blob/main/services/orders/catalog-info.yaml';
const LOCAL_CATALOG_FILE = 'file:/srv/catalog/orders/catalog-info.yaml';

function messageOf(annotation: string, source: string | undefined): string {
  const location = resolveRunbookLocation(annotation, source);
  if (location.type !== 'invalid') {
    throw new Error(`expected invalid, got ${JSON.stringify(location)}`);
  }
  return location.message;
}

describe('resolveRunbookLocation', () => {
  describe('where the annotation is an absolute URL', () => {
    it.each([
      'https://github.com/org/repo/blob/main/docs/runbook.md',
      'http://wiki.example.com/runbooks/orders.md#timeout',
      'HTTPS://example.com/runbook.md',
    ])('uses %j as it is, whatever the source location', url => {
      expect(resolveRunbookLocation(url, undefined)).toEqual({
        type: 'url',
        url,
      });
      expect(resolveRunbookLocation(`  ${url} `, LOCAL_CATALOG_FILE)).toEqual({
        type: 'url',
        url,
      });
    });

    it.each([
      ['file:///etc/passwd', 'file:'],
      // eslint-disable-next-line no-script-url -- the scheme must be refused
      ['javascript:alert(1)', 'javascript:'],
      // eslint-disable-next-line no-script-url -- the scheme must be refused
      ['JavaScript:alert(1)', 'javascript:'],
      ['data:text/markdown,# hi', 'data:'],
      ['ftp://example.com/runbook.md', 'ftp:'],
      ['mailto:oncall@example.com', 'mailto:'],
    ])('refuses %j, naming the %s scheme', (annotation, scheme) => {
      const message = messageOf(annotation, GITHUB_SOURCE);
      expect(message).toContain(`uses the ${scheme} scheme`);
      expect(message).toContain('give an http(s) URL');
    });

    it('refuses a URL that does not parse', () => {
      expect(messageOf('https://exa mple.com/x.md', undefined)).toContain(
        'is not a valid URL',
      );
    });
  });

  describe('where the annotation is a path relative to a url: location', () => {
    it.each([
      [
        './docs/runbook.md',
        'https://github.com/org/repo/tree/main/docs/runbook.md',
      ],
      [
        'docs/runbook.md',
        'https://github.com/org/repo/tree/main/docs/runbook.md',
      ],
      [
        './docs/../RUNBOOK.md',
        'https://github.com/org/repo/tree/main/RUNBOOK.md',
      ],
      [
        'docs/on call.md#a-triage-in-3-minutes',
        'https://github.com/org/repo/tree/main/docs/on%20call.md#a-triage-in-3-minutes',
      ],
    ])('resolves %j to %j', (annotation, url) => {
      expect(resolveRunbookLocation(annotation, GITHUB_SOURCE)).toEqual({
        type: 'url',
        url,
      });
    });

    it('resolves against the folder of a catalog file location', () => {
      expect(
        resolveRunbookLocation('./RUNBOOK.md', GITHUB_CATALOG_FILE),
      ).toEqual({
        type: 'url',
        url: 'https://github.com/org/repo/blob/main/services/orders/RUNBOOK.md',
      });
      // Not even a sibling folder: the runbook lives beside the entity or below it.
      expect(messageOf('../shared/runbook.md', GITHUB_CATALOG_FILE)).toContain(
        "climbs out of the entity's repository (https://github.com/org/repo/blob/main/services/orders/)",
      );
    });

    it.each([
      '../../../etc/passwd',
      '../other-repo/runbook.md',
      '%2e%2e/%2e%2e/%2e%2e/etc/passwd',
      '..\\..\\..\\etc\\passwd',
      './docs/../../../../x.md',
    ])('refuses %j, which climbs out of the repository folder', annotation => {
      expect(messageOf(annotation, GITHUB_SOURCE)).toContain(
        "climbs out of the entity's repository (https://github.com/org/repo/tree/main/)",
      );
    });

    it('refuses a protocol-relative path to another host', () => {
      expect(
        messageOf('//evil.example.com/runbook.md', GITHUB_SOURCE),
      ).toContain('has no scheme');
    });

    it('refuses a path that names the folder itself', () => {
      expect(messageOf('.', GITHUB_SOURCE)).toContain('names a folder');
    });

    it('refuses a url: location that is not http(s)', () => {
      expect(messageOf('docs/runbook.md', 'url:ftp://example.com/')).toContain(
        'is not an http(s) URL',
      );
      expect(messageOf('docs/runbook.md', 'url:not a url')).toContain(
        'is not a valid URL',
      );
    });
  });

  describe('where the annotation is a path relative to a file: location', () => {
    it.each([
      ['./docs/runbook.md', '/srv/catalog/orders/docs/runbook.md'],
      ['docs/runbook.md', '/srv/catalog/orders/docs/runbook.md'],
      ['docs//./runbook.md#timeout', '/srv/catalog/orders/docs/runbook.md'],
      ['docs/../RUNBOOK.md', '/srv/catalog/orders/RUNBOOK.md'],
    ])(
      'resolves %j to %j inside the catalog file folder',
      (annotation, path) => {
        expect(resolveRunbookLocation(annotation, LOCAL_CATALOG_FILE)).toEqual({
          type: 'file',
          path,
          baseDir: '/srv/catalog/orders',
        });
      },
    );

    it('takes a file:// form and a folder location too', () => {
      expect(
        resolveRunbookLocation('runbook.md', 'file:///srv/catalog/x.yaml'),
      ).toEqual({
        type: 'file',
        path: '/srv/catalog/runbook.md',
        baseDir: '/srv/catalog',
      });
      expect(
        resolveRunbookLocation('runbook.md', 'file:/srv/catalog/orders/'),
      ).toEqual({
        type: 'file',
        path: '/srv/catalog/orders/runbook.md',
        baseDir: '/srv/catalog/orders',
      });
    });

    it.each([
      '../../../etc/passwd',
      '../payments/runbook.md',
      '../orders-evil/runbook.md',
      'docs/../../orders-evil/runbook.md',
      'docs/../../x.md',
      '..\\..\\etc\\passwd',
    ])(
      'refuses %j, which climbs out of the catalog file folder, without naming the folder on disk',
      annotation => {
        const message = messageOf(annotation, LOCAL_CATALOG_FILE);
        expect(message).toBe(
          `lambda-ops/runbook "${annotation}" climbs out of the catalog file's folder: keep the runbook in that folder or below it, or give its URL`,
        );
        expect(message).not.toContain('/srv');
      },
    );

    it('refuses a relative file: location', () => {
      expect(
        messageOf('docs/runbook.md', 'file:./catalog-info.yaml'),
      ).toContain('is not an absolute path');
    });
  });

  describe('where the annotation cannot be resolved at all', () => {
    it.each(['/etc/passwd', '\\etc\\passwd', 'C:\\runbooks\\orders.md'])(
      'refuses the absolute file path %j',
      annotation => {
        expect(messageOf(annotation, LOCAL_CATALOG_FILE)).toContain(
          'is an absolute file path',
        );
      },
    );

    it('asks for a URL or a source location when the entity has none', () => {
      expect(messageOf('./docs/runbook.md', undefined)).toBe(
        'lambda-ops/runbook "./docs/runbook.md" is a relative path, but the entity has no backstage.io/source-location or backstage.io/managed-by-location annotation to resolve it against: give a URL (https://…) or add a source location to the entity',
      );
    });

    it('refuses a location of another type', () => {
      expect(
        messageOf('docs/runbook.md', 'github:https://github.com/org/repo'),
      ).toContain('is neither url: nor file:');
    });

    it('refuses an empty value and control characters', () => {
      expect(messageOf('  ', GITHUB_SOURCE)).toContain('is empty');
      expect(messageOf('docs/run\nbook.md', GITHUB_SOURCE)).toContain(
        'control characters',
      );
    });
  });
});

describe('runbookBaseLocation', () => {
  function entityWith(annotations: Record<string, string>): Entity {
    return {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'orders-api', annotations },
      spec: {},
    };
  }

  it('prefers the source location to the managed-by location', () => {
    expect(
      runbookBaseLocation(
        entityWith({
          'backstage.io/source-location': GITHUB_SOURCE,
          'backstage.io/managed-by-location': GITHUB_CATALOG_FILE,
        }),
      ),
    ).toBe(GITHUB_SOURCE);
    expect(
      runbookBaseLocation(
        entityWith({ 'backstage.io/managed-by-location': LOCAL_CATALOG_FILE }),
      ),
    ).toBe(LOCAL_CATALOG_FILE);
  });

  it('gives undefined when the entity has neither', () => {
    expect(runbookBaseLocation(entityWith({}))).toBeUndefined();
  });
});

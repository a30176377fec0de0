import {
  parseExclusionWindowsFile,
  resolveExclusionWindowsFileLocation,
} from './exclusionWindowsFile';
import { parseExclusionWindows } from './parseExclusionWindows';

const REPOSITORY = 'url:https://github.com/org/repo/tree/main/services/relay/';

describe('resolveExclusionWindowsFileLocation', () => {
  it('resolves a path relative to the folder of the catalog file', () => {
    expect(
      resolveExclusionWindowsFileLocation('./maintenance.yaml', REPOSITORY),
    ).toEqual({
      type: 'url',
      url: 'https://github.com/org/repo/tree/main/services/relay/maintenance.yaml',
    });
  });

  it.each([
    '../orders/maintenance.yaml',
    '../relay-evil/maintenance.yaml',
    'ops/../../relay-evil/maintenance.yaml',
    '..\\..\\maintenance.yaml',
  ])('refuses %j, which climbs out of the catalog folder', path => {
    const location = resolveExclusionWindowsFileLocation(path, REPOSITORY);
    expect(location).toEqual({
      type: 'invalid',
      message: `lambda-ops/exclusion-windows-file "${path}" climbs out of the entity's repository (https://github.com/org/repo/tree/main/services/relay/): keep the exclusion windows file in the same repository, below that folder, or give its full URL`,
    });
  });

  it('refuses to climb out of a local catalog folder without naming the folder on disk', () => {
    const location = resolveExclusionWindowsFileLocation(
      '../../etc/maintenance.yaml',
      'file:/srv/catalog/relay/catalog-info.yaml',
    );
    expect(location.type).toBe('invalid');
    expect(location).toMatchObject({
      message: expect.stringContaining(
        "climbs out of the catalog file's folder: keep the exclusion windows file in that folder",
      ),
    });
    expect(JSON.stringify(location)).not.toContain('/srv');
  });

  it('refuses a scheme other than http(s), naming the annotation', () => {
    expect(
      resolveExclusionWindowsFileLocation('file:///etc/passwd', REPOSITORY),
    ).toMatchObject({
      type: 'invalid',
      message: expect.stringContaining(
        'lambda-ops/exclusion-windows-file "file:///etc/passwd" uses the file: scheme, which is not allowed for exclusion windows files',
      ),
    });
  });
});

describe('parseExclusionWindowsFile', () => {
  const FILE = `# Partner maintenance
- schedule: "0 2 * * SUN"
  duration: 2h
  reason: Weekly partner maintenance
`;

  it('reads the same windows as the annotation holds', () => {
    expect(parseExclusionWindowsFile(FILE, './maintenance.yaml')).toEqual(
      parseExclusionWindows(FILE),
    );
    expect(
      parseExclusionWindowsFile(FILE, './maintenance.yaml').windows,
    ).toEqual([
      expect.objectContaining({
        reason: 'Weekly partner maintenance',
        durationMs: 7_200_000,
        recurrence: { cron: '0 2 * * SUN' },
      }),
    ]);
  });

  it.each([
    ['not YAML', '- schedule: "0 2 * * SUN\n', 'it is not YAML'],
    [
      'no duration',
      '- schedule: "0 2 * * SUN"\n  reason: x\n',
      'takes a duration',
    ],
    ['empty', '  \n', 'is empty'],
  ])('names the file and a valid example when it is %s', (_, text, what) => {
    const { windows, problems } = parseExclusionWindowsFile(
      text,
      './maintenance.yaml',
    );
    expect(windows).toEqual([]);
    expect(problems).toEqual([
      {
        code: 'invalid-annotation',
        annotation: 'lambda-ops/exclusion-windows-file',
        message: expect.stringContaining(
          'Exclusion windows file ./maintenance.yaml (lambda-ops/exclusion-windows-file)',
        ),
      },
    ]);
    expect(problems[0].message).toContain(what);
    expect(problems[0].message).toContain('schedule: "0 2 * * SUN"');
  });
});

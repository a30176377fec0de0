import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { InputError } from '@backstage/errors';

/**
 * Cloud metadata services. Whatever `integrations` or `backend.reading.allow` say, these
 * are never read: they hand out instance credentials.
 */
const METADATA_HOSTNAMES = new Set([
  'metadata',
  'metadata.google.internal',
  'metadata.goog',
  'instance-data',
  'instance-data.ec2.internal',
]);

function forbiddenAddresses(): BlockList {
  const list = new BlockList();
  // Link-local: AWS, Azure, GCP and OpenStack metadata at 169.254.169.254, ECS task
  // credentials at 169.254.170.2. An IPv4-mapped IPv6 address (::ffff:169.254.169.254)
  // matches these rules too.
  list.addSubnet('169.254.0.0', 16, 'ipv4');
  // Alibaba Cloud metadata.
  list.addAddress('100.100.100.200', 'ipv4');
  // AWS metadata over IPv6, IPv6 link-local, and the NAT64 form of 169.254.0.0/16.
  list.addAddress('fd00:ec2::254', 'ipv6');
  list.addSubnet('fe80::', 10, 'ipv6');
  list.addSubnet('64:ff9b::a9fe:0', 112, 'ipv6');
  return list;
}

const FORBIDDEN_ADDRESSES = forbiddenAddresses();

function isForbiddenAddress(address: string): boolean {
  const family = isIP(address);
  return (
    family !== 0 &&
    FORBIDDEN_ADDRESSES.check(address, family === 4 ? 'ipv4' : 'ipv6')
  );
}

/** Resolves a host name to its addresses; an empty list when it cannot be resolved. */
async function resolveWithDns(hostname: string): Promise<string[]> {
  try {
    const addresses = await lookup(hostname, { all: true, verbatim: true });
    return addresses.map(a => a.address);
  } catch {
    // The URL reader reports an unknown host itself, in its own words.
    return [];
  }
}

/**
 * Keeps the URLs of runbooks (and other documents beside catalog files) away from cloud metadata and link-local addresses, by name, by
 * address, and by DNS answer, whatever `integrations` and `backend.reading.allow` allow.
 */
export class RunbookHostGuard {
  readonly #resolveHost: (hostname: string) => Promise<string[]>;

  /**
   * @param resolveHost - resolves a host name to its IP addresses, so that a name
   *   pointing at a metadata address is refused too; DNS by default
   */
  constructor(resolveHost?: (hostname: string) => Promise<string[]>) {
    this.#resolveHost = resolveHost ?? resolveWithDns;
  }

  /**
   * @param url - the runbook's URL
   * @param what - the runbook as messages name it
   * @param noun - what the document is, for messages: a runbook unless said otherwise
   * @throws InputError when the URL's host is or resolves to a forbidden address
   */
  async check(url: URL, what: string, noun = 'runbook'): Promise<void> {
    // `[fd00:ec2::254]` → `fd00:ec2::254`; `metadata.google.internal.` → without the dot.
    const hostname = url.hostname
      .replace(/^\[(.*)\]$/, '$1')
      .replace(/\.$/, '')
      .toLowerCase();
    const refuse = (address: string) =>
      new InputError(
        `${noun[0].toUpperCase()}${noun.slice(
          1,
        )} ${what} points at ${address}, an internal or cloud metadata address, which is never read whatever integrations and backend.reading.allow say: give the ${noun}'s URL on your git host or wiki`,
      );
    if (METADATA_HOSTNAMES.has(hostname) || isForbiddenAddress(hostname)) {
      throw refuse(url.hostname);
    }
    if (isIP(hostname) === 0) {
      const forbidden = (await this.#resolveHost(hostname)).find(
        isForbiddenAddress,
      );
      if (forbidden) {
        throw refuse(`${url.hostname} (${forbidden})`);
      }
    }
  }
}

/** CloudWatch: "AlarmName … Length Constraints: Minimum length of 1. Maximum length of 255." */
export const MAX_ALARM_NAME_LENGTH = 255;

/** CloudFormation logical ids are alphanumeric and at most 255 characters. */
const MAX_LOGICAL_ID_LENGTH = 255;

/** FNV-1a, 32 bits, as 8 hex digits: a short, stable suffix where a name must be cut. */
function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/**
 * `<base>-<purpose>`, cut to CloudWatch's 255 characters when a long qualifier makes it
 * longer: the base is shortened and a hash of the whole name keeps it unique and stable.
 */
export function alarmName(base: string, purpose: string): string {
  const name = `${base}-${purpose}`;
  if (name.length <= MAX_ALARM_NAME_LENGTH) {
    return name;
  }
  const suffix = `-${shortHash(name)}-${purpose}`;
  return `${base.slice(0, MAX_ALARM_NAME_LENGTH - suffix.length)}${suffix}`;
}

/** `checkout-api`, `page-1h-5m` → `CheckoutApiPage1h5m`. */
export function pascalCase(...parts: string[]): string {
  return parts
    .flatMap(part => part.split(/[^A-Za-z0-9]+/))
    .filter(Boolean)
    .map(word => word[0].toUpperCase() + word.slice(1))
    .join('');
}

/**
 * Hands out CloudFormation logical ids, unique within one template: two function names
 * that differ only in punctuation (`orders-api`, `orders_api`) would otherwise collide.
 */
export class LogicalIds {
  readonly #taken = new Set<string>();

  next(...parts: string[]): string {
    const wanted = pascalCase(...parts).slice(0, MAX_LOGICAL_ID_LENGTH - 4);
    let id = wanted || 'Alarm';
    for (let n = 2; this.#taken.has(id); n++) {
      id = `${wanted}${n}`;
    }
    this.#taken.add(id);
    return id;
  }
}

/**
 * What to save an entity's template as: `orders-api-alarms.yaml`, with nothing in the name
 * a file system would choke on.
 *
 * @public
 */
export function alarmTemplateFileName(entityName: string): string {
  return `${entityName.replace(/[^A-Za-z0-9._-]+/g, '-')}-alarms.yaml`;
}

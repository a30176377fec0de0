// @ts-check

const DAY_MS = 86_400_000;

const NEWEST_BLOCK_START =
  'Start of the block of the newest UTC day the series touches, or of the whole series when the row holds it whole (few datapoints, sparse), epoch ms; null when it has no period';
const NEWEST_BLOCK_START_BEFORE =
  'Start of the block of the newest UTC day the series touches, epoch ms; null when it has no period';

/**
 * @param {import('knex').Knex} knex
 * @param {string} text - no quote in it: COMMENT takes no parameters
 */
async function commentNewestBlockStart(knex, text) {
  if (knex.client.config.client === 'pg') {
    await knex.raw(
      `COMMENT ON COLUMN lambda_ops_fleet_series.newest_block_start IS '${text}'`,
    );
  }
}

/**
 * Where a dialect tells a sparse block (odd length, first byte 0x02) from the others.
 *
 * @param {import('knex').Knex} knex
 */
function sparseNewestCondition(knex) {
  return knex.client.config.client === 'pg'
    ? `length(newest_values) % 2 = 1 AND get_byte(newest_values, 0) = 2`
    : `length(newest_values) % 2 = 1 AND hex(substr(newest_values, 1, 1)) = '02'`;
}

/**
 * A sparse block's values, NaN where it has no datapoint.
 *
 * @param {Buffer} bytes
 */
function decodeSparse(bytes) {
  const values = new Float64Array(bytes.readUInt16LE(1)).fill(NaN);
  for (let at = 3; at < bytes.length; at += 10) {
    values[bytes.readUInt16LE(at)] = bytes.readDoubleLE(at + 2);
  }
  return values;
}

/**
 * A day's values in the shortest of the encodings of day blocks: sparse; uint16 counts
 * after 0x06; float32s after 0x04; float64s.
 *
 * @param {Float64Array} values
 */
function encodeDay(values) {
  const withDatapoint = values.filter(value => !Number.isNaN(value));
  const counts = withDatapoint.every(
    value =>
      Number.isInteger(value) &&
      value >= 0 &&
      value < 0xffff &&
      !Object.is(value, -0),
  );
  const float32 = withDatapoint.every(value => Math.fround(value) === value);
  const sparseBytes = 3 + withDatapoint.length * 10;
  let denseBytes = values.length * 8;
  if (counts) {
    denseBytes = 1 + values.length * 2;
  } else if (float32) {
    denseBytes = 1 + values.length * 4;
  }
  if (sparseBytes < denseBytes) {
    const bytes = Buffer.alloc(sparseBytes);
    bytes[0] = 0x02;
    bytes.writeUInt16LE(values.length, 1);
    let at = 3;
    values.forEach((value, i) => {
      if (!Number.isNaN(value)) {
        bytes.writeUInt16LE(i, at);
        bytes.writeDoubleLE(value, at + 2);
        at += 10;
      }
    });
    return bytes;
  }
  if (counts) {
    const bytes = Buffer.alloc(denseBytes);
    bytes[0] = 0x06;
    values.forEach((value, i) =>
      bytes.writeUInt16LE(Number.isNaN(value) ? 0xffff : value, 1 + i * 2),
    );
    return bytes;
  }
  if (float32) {
    const bytes = Buffer.alloc(denseBytes);
    bytes[0] = 0x04;
    values.forEach((value, i) => bytes.writeFloatLE(value, 1 + i * 4));
    return bytes;
  }
  const bytes = Buffer.alloc(denseBytes);
  values.forEach((value, i) => bytes.writeDoubleLE(value, i * 8));
  return bytes;
}

/**
 * A series with few datapoints may be held whole in its row, sparse, from its first
 * period on, rather than in a block a day; the stored ones stay as they are.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await commentNewestBlockStart(knex, NEWEST_BLOCK_START);
};

/**
 * Series held whole in their rows go back into a block a day, the newest day's in the
 * row.
 *
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  const sparseRows = await knex('lambda_ops_fleet_series')
    .whereNotNull('newest_values')
    .whereRaw(sparseNewestCondition(knex))
    .select('series_key', 'newest_block_start', 'newest_values');
  for (const row of sparseRows) {
    const key = String(row.series_key);
    const periodMs = Number(key.slice(key.lastIndexOf('/') + 1)) * 1000;
    const first = Number(row.newest_block_start);
    const values = decodeSparse(row.newest_values);
    const end = first + values.length * periodMs;
    /** @type {Array<{ start: number, values: Float64Array }>} */
    const days = [];
    for (let start = first; start < end; ) {
      const dayEnd = Math.min(
        end,
        Math.floor(start / DAY_MS) * DAY_MS + DAY_MS,
      );
      days.push({
        start,
        values: values.subarray(
          (start - first) / periodMs,
          (dayEnd - first) / periodMs,
        ),
      });
      start = dayEnd;
    }
    if (days.length < 2) {
      continue;
    }
    const newest = days.pop();
    for (const day of days) {
      await knex('lambda_ops_fleet_series_blocks')
        .insert({
          series_key: key,
          block_start: day.start,
          period_values: encodeDay(day.values),
        })
        .onConflict(['series_key', 'block_start'])
        .merge();
    }
    await knex('lambda_ops_fleet_series')
      .where('series_key', key)
      .update({
        newest_block_start: newest?.start,
        newest_values: encodeDay(/** @type {Float64Array} */ (newest?.values)),
      });
  }
  await commentNewestBlockStart(knex, NEWEST_BLOCK_START_BEFORE);
};

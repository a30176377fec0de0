// @ts-check

const ENCODING =
  'Per period from block_start to the end of its day or series, NaN where none: a 0x02 byte, the period count and for each period with a datapoint its index (uint16s) and value (float64) when that is the shortest, else a 0x06 byte then uint16s (0xffff where none) when every value is a count under 65535, else a 0x04 byte then float32s when they hold every value exactly, else float64s; all little-endian';
const ENCODING_BEFORE =
  'Per period from block_start to the end of its day or series, NaN where none: a 0x02 byte, the period count and for each period with a datapoint its index (uint16s) and value (float64) when that is the shortest, else a 0x04 byte then float32s when they hold every value exactly, else float64s; all little-endian';

/**
 * Where a dialect tells a block of counts (odd length, first byte 0x06) from the others.
 *
 * @param {import('knex').Knex} knex
 * @param {string} column
 */
function countsCondition(knex, column) {
  return knex.client.config.client === 'pg'
    ? `length(${column}) % 2 = 1 AND get_byte(${column}, 0) = 6`
    : `length(${column}) % 2 = 1 AND hex(substr(${column}, 1, 1)) = '06'`;
}

/**
 * A block of counts in the encoding before it: float32s after 0x04, which hold every
 * count exactly.
 *
 * @param {Buffer} bytes
 */
function float32Encoding(bytes) {
  const count = (bytes.length - 1) / 2;
  const narrow = Buffer.alloc(1 + count * 4);
  narrow[0] = 0x04;
  for (let i = 0; i < count; i++) {
    const value = bytes.readUInt16LE(1 + i * 2);
    narrow.writeFloatLE(value === 0xffff ? NaN : value, 1 + i * 4);
  }
  return narrow;
}

/**
 * @param {import('knex').Knex} knex
 * @param {string} text - no quote in it: COMMENT takes no parameters
 */
async function commentEncoding(knex, text) {
  if (knex.client.config.client === 'pg') {
    await knex.raw(
      `COMMENT ON COLUMN lambda_ops_fleet_series_blocks.period_values IS '${text}'`,
    );
  }
}

/**
 * Blocks of counts (sums of invocations, errors, throttles) may be stored as uint16s, a
 * quarter of the bytes of float64s; the stored ones stay as they are.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await commentEncoding(knex, ENCODING);
};

/**
 * Blocks of counts are written again as float32s.
 *
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  const countBlocks = await knex('lambda_ops_fleet_series_blocks')
    .whereRaw(countsCondition(knex, 'period_values'))
    .select('series_key', 'block_start', 'period_values');
  for (const block of countBlocks) {
    await knex('lambda_ops_fleet_series_blocks')
      .where({ series_key: block.series_key, block_start: block.block_start })
      .update({ period_values: float32Encoding(block.period_values) });
  }
  const countsNewest = await knex('lambda_ops_fleet_series')
    .whereNotNull('newest_values')
    .whereRaw(countsCondition(knex, 'newest_values'))
    .select('series_key', 'newest_values');
  for (const row of countsNewest) {
    await knex('lambda_ops_fleet_series')
      .where('series_key', row.series_key)
      .update({ newest_values: float32Encoding(row.newest_values) });
  }
  await commentEncoding(knex, ENCODING_BEFORE);
};

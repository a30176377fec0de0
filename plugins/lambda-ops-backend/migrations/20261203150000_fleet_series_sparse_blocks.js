// @ts-check

const ENCODING =
  'Per period from block_start to the end of its day or series, NaN where none: a 0x02 byte, the period count and for each period with a datapoint its index (uint16s) and value (float64) when that is the shortest, else a 0x04 byte then float32s when they hold every value exactly, else float64s; all little-endian';
const ENCODING_BEFORE =
  'Per period from block_start to the end of its day or series, NaN where none: a 0x04 byte then little-endian float32s when they hold every value exactly, else little-endian float64s';

/**
 * Where a dialect tells a sparse block (odd length, first byte 0x02) from the others.
 *
 * @param {import('knex').Knex} knex
 * @param {string} column
 */
function sparseCondition(knex, column) {
  return knex.client.config.client === 'pg'
    ? `length(${column}) % 2 = 1 AND get_byte(${column}, 0) = 2`
    : `length(${column}) % 2 = 1 AND hex(substr(${column}, 1, 1)) = '02'`;
}

/**
 * A sparse block's values in the encodings before it: float32s after 0x04 when they
 * hold every value exactly, else float64s.
 *
 * @param {Buffer} bytes
 */
function denseEncoding(bytes) {
  const count = bytes.readUInt16LE(1);
  const values = new Float64Array(count).fill(NaN);
  for (let at = 3; at < bytes.length; at += 10) {
    values[bytes.readUInt16LE(at)] = bytes.readDoubleLE(at + 2);
  }
  if (
    values.every(value => Number.isNaN(value) || Math.fround(value) === value)
  ) {
    const narrow = Buffer.alloc(1 + count * 4);
    narrow[0] = 0x04;
    values.forEach((value, i) => narrow.writeFloatLE(value, 1 + i * 4));
    return narrow;
  }
  const wide = Buffer.alloc(count * 8);
  values.forEach((value, i) => wide.writeDoubleLE(value, i * 8));
  return wide;
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
 * Blocks with few datapoints (a day of a job that runs once, of a function without
 * traffic) may be stored sparse; the stored ones stay as they are.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await commentEncoding(knex, ENCODING);
};

/**
 * Sparse blocks are written again in the encodings before them.
 *
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  const sparseBlocks = await knex('lambda_ops_fleet_series_blocks')
    .whereRaw(sparseCondition(knex, 'period_values'))
    .select('series_key', 'block_start', 'period_values');
  for (const block of sparseBlocks) {
    await knex('lambda_ops_fleet_series_blocks')
      .where({ series_key: block.series_key, block_start: block.block_start })
      .update({ period_values: denseEncoding(block.period_values) });
  }
  const sparseNewest = await knex('lambda_ops_fleet_series')
    .whereNotNull('newest_values')
    .whereRaw(sparseCondition(knex, 'newest_values'))
    .select('series_key', 'newest_values');
  for (const row of sparseNewest) {
    await knex('lambda_ops_fleet_series')
      .where('series_key', row.series_key)
      .update({ newest_values: denseEncoding(row.newest_values) });
  }
  await commentEncoding(knex, ENCODING_BEFORE);
};

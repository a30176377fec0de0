// @ts-check

/**
 * The block of a series' newest day moves into the series' own row: a refresh changes
 * that day's periods and the series' ends, and now writes one row a series, not two.
 * The blocks of the earlier days stay where they are.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('lambda_ops_fleet_series', table => {
    table
      .bigInteger('newest_block_start')
      .nullable()
      .comment(
        'Start of the block of the newest UTC day the series touches, epoch ms; null when it has no period',
      );
    table
      .binary('newest_values')
      .nullable()
      .comment(
        'The values of that block, encoded as lambda_ops_fleet_series_blocks.period_values',
      );
  });
  await knex.raw(
    `UPDATE lambda_ops_fleet_series SET newest_block_start = (
       SELECT MAX(b.block_start) FROM lambda_ops_fleet_series_blocks b
       WHERE b.series_key = lambda_ops_fleet_series.series_key)`,
  );
  await knex.raw(
    `UPDATE lambda_ops_fleet_series SET newest_values = (
       SELECT b.period_values FROM lambda_ops_fleet_series_blocks b
       WHERE b.series_key = lambda_ops_fleet_series.series_key
         AND b.block_start = lambda_ops_fleet_series.newest_block_start)`,
  );
  await knex.raw(
    `DELETE FROM lambda_ops_fleet_series_blocks WHERE EXISTS (
       SELECT 1 FROM lambda_ops_fleet_series s
       WHERE s.series_key = lambda_ops_fleet_series_blocks.series_key
         AND s.newest_block_start = lambda_ops_fleet_series_blocks.block_start)`,
  );
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.raw(
    `INSERT INTO lambda_ops_fleet_series_blocks (series_key, block_start, period_values)
     SELECT series_key, newest_block_start, newest_values FROM lambda_ops_fleet_series
     WHERE newest_values IS NOT NULL`,
  );
  await knex.schema.alterTable('lambda_ops_fleet_series', table => {
    table.dropColumn('newest_values');
    table.dropColumn('newest_block_start');
  });
};

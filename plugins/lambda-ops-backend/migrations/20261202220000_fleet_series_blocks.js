// @ts-check

/**
 * The fleet collector's per-period statistics in two blocks a series, its older periods
 * and the newest days', so that a refresh rewrites the newest days alone rather than a
 * month of periods a series. The series stored before are dropped: they are CloudWatch's
 * figures, which the next refresh reads again.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.dropTable('lambda_ops_fleet_series');
  await knex.schema.createTable('lambda_ops_fleet_series', table => {
    table.comment(
      'Raw CloudWatch statistics per period, one row per function, metric and period length; the values are in lambda_ops_fleet_series_blocks',
    );
    table
      .string('series_key', 512)
      .primary()
      .notNullable()
      .comment('account/region/function[:qualifier]/metric/stat/periodSeconds');
    table
      .bigInteger('first_period')
      .notNullable()
      .comment('Start of the first stored period, epoch ms');
    table
      .integer('period_count')
      .notNullable()
      .comment('Periods stored from first_period');
    table
      .bigInteger('fetched_until')
      .notNullable()
      .comment('End of the span CloudWatch was last asked about, epoch ms');
    table
      .bigInteger('tail_start')
      .notNullable()
      .comment('Start of the block a refresh rewrites, epoch ms');
  });
  await knex.schema.createTable('lambda_ops_fleet_series_blocks', table => {
    table.comment(
      'The values of a series: its older periods, and its newest from tail_start',
    );
    table.string('series_key', 512).notNullable();
    table
      .bigInteger('block_start')
      .notNullable()
      .comment('Start of the block, epoch ms');
    table
      .binary('period_values')
      .notNullable()
      .comment(
        'Little-endian float64 per period from block_start, NaN where none',
      );
    table.primary(['series_key', 'block_start']);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('lambda_ops_fleet_series_blocks');
  await knex.schema.dropTable('lambda_ops_fleet_series');
  await knex.schema.createTable('lambda_ops_fleet_series', table => {
    table.string('series_key', 512).primary().notNullable();
    table.bigInteger('first_period').notNullable();
    table.bigInteger('fetched_until').notNullable();
    table.binary('period_values').notNullable();
  });
};

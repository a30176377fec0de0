// @ts-check

/**
 * The fleet collector's per-period statistics in one block per UTC day a series, so that
 * a refresh rewrites the newest day's block alone and reads the days it needs alone; and
 * each function's settled SLO days, which a refresh adds up instead of reading their
 * periods again. The series stored before are dropped: they are CloudWatch's figures,
 * which the next refresh reads again, a backfill.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.dropTable('lambda_ops_fleet_series_blocks');
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
  });
  await knex.schema.createTable('lambda_ops_fleet_series_blocks', table => {
    table.comment(
      'The values of a series, one block per UTC day its periods touch',
    );
    table.string('series_key', 512).notNullable();
    table
      .bigInteger('block_start')
      .notNullable()
      .comment(
        'Start of the block, epoch ms: the start of its UTC day, or of the series on its first day',
      );
    table
      .binary('period_values')
      .notNullable()
      .comment(
        'Per period from block_start to the end of its day or series, NaN where none: a 0x04 byte then little-endian float32s when they hold every value exactly, else little-endian float64s',
      );
    table.primary(['series_key', 'block_start']);
  });
  await knex.schema.createTable('lambda_ops_fleet_settled_days', table => {
    table.comment(
      'Per function, the SLO counts of each UTC day CloudWatch will not change any more',
    );
    table
      .string('function_key', 512)
      .primary()
      .notNullable()
      .comment('The function, as the fleet collector names it');
    table
      .text('fingerprint')
      .notNullable()
      .comment(
        'What the days were counted with; counted again when it changes',
      );
    table
      .text('days')
      .notNullable()
      .comment('JSON array of settled days, each with its start, epoch ms');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('lambda_ops_fleet_settled_days');
  await knex.schema.dropTable('lambda_ops_fleet_series_blocks');
  await knex.schema.dropTable('lambda_ops_fleet_series');
  await knex.schema.createTable('lambda_ops_fleet_series', table => {
    table.string('series_key', 512).primary().notNullable();
    table.bigInteger('first_period').notNullable();
    table.integer('period_count').notNullable();
    table.bigInteger('fetched_until').notNullable();
    table.bigInteger('tail_start').notNullable();
  });
  await knex.schema.createTable('lambda_ops_fleet_series_blocks', table => {
    table.string('series_key', 512).notNullable();
    table.bigInteger('block_start').notNullable();
    table.binary('period_values').notNullable();
    table.primary(['series_key', 'block_start']);
  });
};

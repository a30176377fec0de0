// @ts-check

/**
 * The fleet collector's tables: the snapshot the fleet views read (one row per entity and
 * one row of refresh state), and the per-period statistics each refresh extends, so that
 * a refresh asks CloudWatch only for the periods since the last one.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('lambda_ops_fleet_state', table => {
    table.comment('State of the fleet refresh: one row, id 1');
    table.integer('id').primary().notNullable();
    table
      .string('snapshot_at', 32)
      .nullable()
      .comment('ISO 8601 time of the refresh the entities come from');
    table
      .boolean('stale')
      .notNullable()
      .defaultTo(false)
      .comment('True when the last refresh failed and the entities are older');
    table.text('last_error').nullable().comment('Why the last refresh failed');
  });
  await knex.schema.createTable('lambda_ops_fleet_entities', table => {
    table.comment('One FleetEntitySnapshot per Lambda-backed entity');
    table.string('entity_ref', 255).primary().notNullable();
    table.text('snapshot').notNullable().comment('FleetEntitySnapshot as JSON');
  });
  await knex.schema.createTable('lambda_ops_fleet_series', table => {
    table.comment(
      'Raw CloudWatch statistics per period, one row per function, metric and period length',
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
      .bigInteger('fetched_until')
      .notNullable()
      .comment('End of the span CloudWatch was last asked about, epoch ms');
    table
      .binary('period_values')
      .notNullable()
      .comment(
        'Little-endian float64 per period from first_period, NaN where none',
      );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('lambda_ops_fleet_series');
  await knex.schema.dropTable('lambda_ops_fleet_entities');
  await knex.schema.dropTable('lambda_ops_fleet_state');
};

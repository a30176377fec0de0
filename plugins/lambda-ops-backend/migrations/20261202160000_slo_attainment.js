// @ts-check

/**
 * The SLO review's figures: one row per entity, SLO and completed calendar month (UTC).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('lambda_ops_slo_attainment', table => {
    table.comment('Attainment of each SLO per completed calendar month (UTC)');
    table.string('entity_ref', 255).notNullable();
    table.string('slo_id', 255).notNullable();
    table.string('month', 7).notNullable().comment('YYYY-MM, UTC');
    table.string('objective', 32).notNullable();
    table.double('target').notNullable();
    table
      .string('budget_kind', 16)
      .notNullable()
      .comment('ratio or zero-tolerance');
    table
      .double('attainment')
      .nullable()
      .comment('Share of good events or periods; null without traffic');
    table
      .double('budget_consumed')
      .nullable()
      .comment(
        'Share of the budget spent; for zero tolerance the failures; null without data',
      );
    table
      .string('recorded_at', 32)
      .notNullable()
      .comment('ISO 8601 time the month was computed');
    table.primary(['entity_ref', 'slo_id', 'month']);
    table.index(
      ['entity_ref', 'month'],
      'lambda_ops_slo_attainment_entity_idx',
    );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('lambda_ops_slo_attainment');
};

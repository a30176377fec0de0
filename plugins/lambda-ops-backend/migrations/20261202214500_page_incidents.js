// @ts-check

/**
 * Page incidents, as the collector sees them refresh by refresh: a page alarm of an
 * entity in ALARM from started_at to ended_at (null while it lasts). The SLO review lists
 * those that overlapped a missed month. Entity, alarm and start name an incident, so
 * every replica and every repeated refresh writes the same row.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('lambda_ops_page_incidents', table => {
    table.comment('Page alarms of an entity in ALARM, from start to end');
    table.string('entity_ref', 255).notNullable();
    table.string('alarm_arn', 512).notNullable();
    table
      .string('started_at', 32)
      .notNullable()
      .comment('ISO 8601 time the alarm went into ALARM');
    table.string('alarm_name', 255).notNullable();
    table
      .text('runbook_url')
      .nullable()
      .comment("The alarm's runbook when it went into ALARM");
    table
      .string('ended_at', 32)
      .nullable()
      .comment('ISO 8601 time it left ALARM; null while it lasts');
    table.primary(['entity_ref', 'alarm_arn', 'started_at']);
    table.index(['ended_at'], 'lambda_ops_page_incidents_ended_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('lambda_ops_page_incidents');
};

// @ts-check

/**
 * The conditions of each entity its owner has been told about (paging, an error budget
 * below a threshold, an alarm without a runbook). A row is written by the one refresh
 * that sees the condition begin, which then notifies; it is deleted when the condition
 * ends. Two replicas or a restart therefore never announce a condition twice.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('lambda_ops_owner_conditions', table => {
    table.comment('Conditions of an entity whose owner was notified');
    table.string('entity_ref', 255).notNullable();
    table
      .string('condition_key', 512)
      .notNullable()
      .comment(
        'paging, budget:<slo id>:<threshold> or alarm-without-runbook:<arn>',
      );
    table
      .string('began_at', 32)
      .notNullable()
      .comment('ISO 8601 time of the refresh that saw it begin');
    table.primary(['entity_ref', 'condition_key']);
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('lambda_ops_owner_conditions');
};

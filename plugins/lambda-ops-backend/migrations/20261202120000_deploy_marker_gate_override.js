// @ts-check

/**
 * The reason CI gave for deploying against the deploy gate's block or warning, shown on
 * the timeline next to the deploy.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('lambda_ops_deploy_markers', table => {
    table
      .text('gate_override_reason')
      .nullable()
      .comment(
        'Why the deploy went ahead against the deploy gate; null if it did not',
      );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('lambda_ops_deploy_markers', table => {
    table.dropColumn('gate_override_reason');
  });
};

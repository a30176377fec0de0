// @ts-check

/**
 * Each snapshot row carries its entity's status, so that a refresh learns what the
 * fleet's statuses were from one narrow read instead of parsing every entity's snapshot.
 * Rows written before it have none; the store works theirs out from their snapshots.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('lambda_ops_fleet_entities', table => {
    table
      .string('status', 16)
      .nullable()
      .comment(
        "The entity's fleet status as the snapshot gives it; null in rows written before the column",
      );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('lambda_ops_fleet_entities', table => {
    table.dropColumn('status');
  });
};

// @ts-check

/**
 * How many deploy markers each principal posted in each rate-limit window. Every replica
 * counts in this one table with an atomic upsert, so the limit is exact across replicas
 * and does not depend on the cache. Windows that have ended are deleted as new ones begin.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable(
    'lambda_ops_deploy_marker_rate_counts',
    table => {
      table.comment(
        'Deploy markers posted per principal and rate-limit window',
      );
      table
        .string('principal', 512)
        .notNullable()
        .comment('user:<entity ref> or service:<subject>');
      table
        .bigInteger('window_start')
        .notNullable()
        .comment('Start of the window, epoch ms, a multiple of its length');
      table.integer('count').notNullable();
      table.primary(['principal', 'window_start']);
      table.index(['window_start'], 'lambda_ops_deploy_marker_rate_window_idx');
    },
  );
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('lambda_ops_deploy_marker_rate_counts');
};

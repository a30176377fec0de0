// @ts-check

/**
 * Deploy markers that CI posts to `POST /v1/deploy-markers`: when, what and why a Lambda
 * function changed. Times are `timestamp with time zone` on PostgreSQL; on SQLite Knex
 * stores the JavaScript dates the store binds as milliseconds since the epoch, so range
 * queries and ordering compare numbers there and instants here.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('lambda_ops_deploy_markers', table => {
    table.comment('Deploy markers posted by CI, one per deploy_id');
    table
      .uuid('id')
      .primary()
      .notNullable()
      .comment('Random per insert: tells a caller whether its insert won');
    table
      .string('deploy_id', 128)
      .notNullable()
      .unique({ indexName: 'lambda_ops_deploy_markers_deploy_id_uq' })
      .comment('The id CI gave the deploy; posting it again is idempotent');
    table
      .timestamp('ts', { useTz: true })
      .notNullable()
      .comment('When the deploy happened');
    table.string('env', 64).nullable().comment('Environment, as CI wrote it');
    table
      .string('env_key', 64)
      .nullable()
      .comment('env in lower case, for case-insensitive matching');
    table
      .string('service', 253)
      .nullable()
      .comment('Entity reference or name CI gave');
    table
      .string('artifact', 512)
      .notNullable()
      .comment('lambda:function:<name>[:<qualifier>] or a function ARN');
    table
      .string('function_name', 64)
      .notNullable()
      .comment('Function name parsed from artifact');
    table
      .string('function_qualifier', 128)
      .nullable()
      .comment('Alias or version parsed from artifact');
    table.string('git_sha', 40).nullable();
    table.string('ref', 255).nullable();
    table.string('actor', 255).nullable();
    table.text('change_summary').notNullable();
    table.text('reason').notNullable();
    table.string('risk', 6).nullable().comment('low, medium or high');
    table.text('rollback').nullable();
    table.text('links').notNullable().comment('JSON array of http(s) URLs');
    table
      .timestamp('created_at', { useTz: true })
      .notNullable()
      .comment('When the backend stored the marker');
    table.index(
      ['function_name', 'ts'],
      'lambda_ops_deploy_markers_function_ts_idx',
    );
    table.index(['ts'], 'lambda_ops_deploy_markers_ts_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('lambda_ops_deploy_markers');
};

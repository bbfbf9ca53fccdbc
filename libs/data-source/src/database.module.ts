import { Global, Inject, Injectable, Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig, CONFIG } from '@app/config';
import { checkAppDatabaseRole, ReadCaches } from '@app/database';
import { dataSourceOptions } from './data-source-options';

/**
 * Refuses (in production) or warns about a connection that is not the application role, at
 * init: app.init() / app.listen() then fail with one line in the API's and worker's main().
 */
@Injectable()
class DatabaseRoleCheck implements OnModuleInit {
  constructor(@Inject(CONFIG) private readonly config: AppConfig, private readonly dataSource: DataSource) {}

  onModuleInit(): Promise<void> {
    return checkAppDatabaseRole(this.config, (sql, params) => this.dataSource.query(sql, params));
  }
}

/**
 * The API's and the worker's connection: as the application role (DATABASE_APP_URL, else DATABASE_URL), with its timeouts;
 * global like the DataSource, with the process's one set of read caches beside it.
 */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [CONFIG],
      useFactory: (config: AppConfig) =>
        dataSourceOptions(config.databaseAppUrl ?? config.databaseUrl, {
          statementTimeoutMs: config.dbStatementTimeoutMs,
          idleInTransactionTimeoutMs: config.dbIdleInTransactionTimeoutMs,
        }),
    }),
  ],
  providers: [DatabaseRoleCheck, { provide: ReadCaches, inject: [CONFIG], useFactory: (config: AppConfig) => new ReadCaches(config) }],
  exports: [ReadCaches],
})
export class DatabaseModule {}

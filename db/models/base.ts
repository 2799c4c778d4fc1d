import type { Knex } from 'knex';
import { Model } from 'objection';
import { currentTransaction } from '../tenant-context';

/**
 * Every model runs its queries in the transaction of the current tenant or operator
 * scope (see tenant-context.ts) without being handed it. Outside any scope the
 * application's pool is used, and row-level security then shows no tenant's rows.
 */
export class BaseModel extends Model {
  static override knex(knex?: Knex): Knex {
    if (knex) return super.knex(knex);
    return currentTransaction() ?? super.knex();
  }
}

/** A model whose table has created_at/updated_at maintained by the application. */
export class TimestampedModel extends BaseModel {
  declare created_at: string;
  declare updated_at: string;

  override $beforeUpdate(): void {
    this.updated_at = new Date().toISOString();
  }
}

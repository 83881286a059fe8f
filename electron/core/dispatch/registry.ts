import { operations, type OperationName, type Output, type ParsedInput } from '../../../shared/contract';
import type { HandlerContext } from './context';

/**
 * Commands run inside the dispatcher's transaction and must be synchronous (better-sqlite3 transactions are);
 * queries and session operations may be asynchronous.
 */
export type Handler<K extends OperationName> = (
  ctx: HandlerContext,
  input: ParsedInput<K>,
) => Output<K> | Promise<Output<K>>;

export class Registry {
  private readonly handlers = new Map<OperationName, Handler<OperationName>>();

  register<K extends OperationName>(name: K, handler: Handler<K>): void {
    if (!Object.prototype.hasOwnProperty.call(operations, name)) {
      throw new Error(`operation ${name} is not in the contract (shared/contract)`);
    }
    if (this.handlers.has(name)) throw new Error(`operation ${name} is registered twice`);
    this.handlers.set(name, handler as unknown as Handler<OperationName>);
  }

  get(name: OperationName): Handler<OperationName> | undefined {
    return this.handlers.get(name);
  }

  /** Contract operations without a handler: the core refuses to start with any. */
  missing(): OperationName[] {
    return (Object.keys(operations) as OperationName[]).filter((n) => !this.handlers.has(n));
  }
}

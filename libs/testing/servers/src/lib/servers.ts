/**
 * Where the test run's real servers are. `npm test` starts them once
 * (tools/infra/with-infra) and passes their addresses in the environment;
 * a test that needs one and finds no address fails, naming what to do.
 * It never skips silently.
 */
export type ServerName = 'KAFKA_BROKERS' | 'MONGO_URL';

const HOW_TO_START: Record<ServerName, string> = {
  KAFKA_BROKERS: 'Apache Kafka',
  MONGO_URL: 'the MongoDB-wire server (FerretDB)',
};

export function requireServer(name: ServerName): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(
      `${name} is not set, so ${HOW_TO_START[name]} is not known to this test. ` +
        `Run the tests with npm test (it starts the servers), or start them with tools/infra/up and export what it prints.`,
    );
  }
  return value;
}

/** A name no other test run uses, for topics, groups, databases and collections. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

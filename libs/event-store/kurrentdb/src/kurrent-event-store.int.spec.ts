import { eventStoreContract } from '@regicam/event-store/testing';
import { KurrentEventStore } from './lib/kurrent-event-store';

/**
 * The contract against a real EventStoreDB / KurrentDB server. No server is
 * started by the test run: set EVENTSTORE_URL (e.g.
 * `kurrentdb://localhost:2113?tls=false`) to run it. Without it the suite shows
 * up as skipped, and says so on stderr, so a run never passes it silently.
 */
const url = process.env['EVENTSTORE_URL'];
const NOT_RUN =
  'EventStoreDB contract NOT RUN: set EVENTSTORE_URL=kurrentdb://host:2113?tls=false (or esdb://host:2113?tls=false) to run it';

if (url) {
  eventStoreContract(`KurrentDB at ${url}`, async () => ({
    open: async () => new KurrentEventStore({ connectionString: url }),
  }));
} else {
  process.stderr.write(`\n${NOT_RUN}\n\n`);
  describe('event store contract: KurrentDB', () => {
    it.skip(NOT_RUN, () => undefined);
  });
}

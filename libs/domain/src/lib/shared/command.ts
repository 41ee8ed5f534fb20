/**
 * Who asked and when: every command carries them, so deciders are pure
 * (nothing in the domain reads a clock or makes an id).
 */
export type CommandMetadata = {
  /** The account or system that asked, e.g. `owner:<id>` or `system:smaregi-poller`. */
  actor: string;
  /** When it was asked, ISO 8601 UTC. */
  at: string;
};

/** A decider: the rules of one kind of stream. */
export type Decider<Command, Event, State> = {
  decide: (command: Command, state: State) => Event[];
  evolve: (state: State, event: Event) => State;
  initialState: () => State;
};

export function fold<Event, State>(
  decider: Pick<Decider<unknown, Event, State>, 'evolve' | 'initialState'>,
  events: Event[],
): State {
  return events.reduce(decider.evolve, decider.initialState());
}

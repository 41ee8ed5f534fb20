import { deciderSpec } from '../../testing/decider-spec';
import type { TerminalRef } from '../shared/pos';
import type { LinkCreated, LinkRemoved } from './terminal-link';
import {
  terminalLinkDecider,
  type CameraSnapshot,
  type CreateLink,
  type RelinkTerminal,
  type RemoveLink,
} from './terminal-link.decider';

const spec = deciderSpec(terminalLinkDecider);
const terminal: TerminalRef = { provider: 'smaregi', contractId: 'sc1234', terminalId: '3' };
const at = '2026-11-28T03:00:00.000Z';
const metadata = { actor: 'owner:o-1', at };
const camera = (over: Partial<CameraSnapshot> = {}): CameraSnapshot => ({
  cameraId: 'cam-1',
  ownerId: 'o-1',
  posOption: { from: '2026-11-01' },
  ...over,
});
const createLink = (over: Partial<CreateLink['data']> = {}, meta = metadata): CreateLink => ({
  type: 'CreateLink',
  data: { linkId: 'l-1', ownerId: 'o-1', terminal, camera: camera(), region: null, ...over },
  metadata: meta,
});
const removeLink = (over: Partial<RemoveLink['data']> = {}): RemoveLink => ({
  type: 'RemoveLink',
  data: { linkId: 'l-1', ownerId: 'o-1', terminal, reason: 'removed by the owner', ...over },
  metadata,
});
const relink = (over: Partial<RelinkTerminal['data']> = {}): RelinkTerminal => ({
  type: 'RelinkTerminal',
  data: { linkId: 'l-1', newLinkId: 'l-2', ownerId: 'o-1', terminal, camera: camera({ cameraId: 'cam-2' }), ...over },
  metadata,
});
const linkCreated = (over: Partial<LinkCreated['data']> = {}): LinkCreated => ({
  type: 'LinkCreated.v1',
  data: { linkId: 'l-1', ownerId: 'o-1', ...terminal, cameraId: 'cam-1', region: null, ...metadata, ...over },
});
const linkRemoved = (over: Partial<LinkRemoved['data']> = {}): LinkRemoved => ({
  type: 'LinkRemoved.v1',
  data: {
    linkId: 'l-1',
    ownerId: 'o-1',
    ...terminal,
    cameraId: 'cam-1',
    reason: 'removed by the owner',
    ...metadata,
    ...over,
  },
});

describe('an unlinked terminal', () => {
  it('links to a camera of the same owner with the POS option', () => {
    spec.given([]).when(createLink()).then([linkCreated()]);
  });

  it('keeps the register region of the picture', () => {
    const region = { x: 0.5, y: 0, width: 0.5, height: 0.5 };
    spec
      .given([])
      .when(createLink({ region }))
      .then([linkCreated({ region })]);
  });

  it('refuses a region outside the picture, naming the field', () => {
    spec
      .given([])
      .when(createLink({ region: { x: 0.8, y: 0, width: 0.5, height: 1 } }))
      .thenThrows('invalid_input', /x \+ width/, 'region.width');
  });

  it("refuses another owner's camera as if it did not exist", () => {
    spec
      .given([])
      .when(createLink({ camera: camera({ ownerId: 'o-2' }) }))
      .thenThrows('camera_not_found', 'camera cam-1 was not found', 'cameraId');
  });

  it('refuses a camera without the POS option', () => {
    spec
      .given([])
      .when(createLink({ camera: camera({ posOption: null }) }))
      .thenThrows('pos_option_missing', /POS option/);
  });

  it('refuses a camera before its POS option starts, saying from when (Japan midnight)', () => {
    const starts = camera({ posOption: { from: '2026-12-01' } });
    spec
      .given([])
      .when(createLink({ camera: starts }, { ...metadata, at: '2026-11-30T14:59:59.999Z' }))
      .thenThrows('pos_option_not_started', /from 2026-12-01/);
    spec
      .given([])
      .when(createLink({ camera: starts }, { ...metadata, at: '2026-11-30T15:00:00.000Z' }))
      .then([linkCreated({ at: '2026-11-30T15:00:00.000Z' })]);
  });

  it('refuses a terminal id with spaces or dashes', () => {
    spec
      .given([])
      .when(createLink({ terminal: { ...terminal, terminalId: 'a-b' } }))
      .thenThrows('invalid_input', /terminalId/, 'terminalId');
  });

  it('has no link to remove or relink', () => {
    spec.given([]).when(removeLink()).thenThrows('link_not_found', 'link l-1 was not found');
    spec.given([]).when(relink()).thenThrows('link_not_found');
  });
});

describe('a linked terminal', () => {
  const linked = [linkCreated()];

  it('refuses a second camera: a terminal has at most one', () => {
    spec
      .given(linked)
      .when(createLink({ linkId: 'l-9', camera: camera({ cameraId: 'cam-2' }) }))
      .thenThrows('terminal_already_linked', /already linked to camera cam-1; relink/);
  });

  it('refuses another owner without telling whose it is', () => {
    spec
      .given(linked)
      .when(createLink({ linkId: 'l-9', ownerId: 'o-2', camera: camera({ ownerId: 'o-2' }) }))
      .thenThrows('terminal_linked_elsewhere', 'this terminal is linked by another account');
  });

  it('takes a repeated create (same link id) as done', () => {
    spec.given(linked).when(createLink()).then([]);
  });

  it('removes the link with the reason and the actor', () => {
    spec.given(linked).when(removeLink()).then([linkRemoved()]);
  });

  it('does not let another owner remove it: it is not found for them', () => {
    spec
      .given(linked)
      .when(removeLink({ ownerId: 'o-2' }))
      .thenThrows('link_not_found');
  });

  it('relinks to another camera as LinkRemoved then LinkCreated, keeping the region', () => {
    const region = { x: 0, y: 0, width: 0.5, height: 1 };
    spec
      .given([linkCreated({ region })])
      .when(relink())
      .then([
        linkRemoved({ reason: 'relinked to camera cam-2' }),
        linkCreated({ linkId: 'l-2', cameraId: 'cam-2', region }),
      ]);
  });

  it('relinks to a new region of the same camera', () => {
    const region = { x: 0.5, y: 0.5, width: 0.5, height: 0.5 };
    spec
      .given(linked)
      .when(relink({ camera: camera(), region }))
      .then([linkRemoved({ reason: 'relinked to camera cam-1' }), linkCreated({ linkId: 'l-2', region })]);
  });

  it('takes a relink to the same camera and region as nothing to do', () => {
    spec
      .given(linked)
      .when(relink({ camera: camera() }))
      .then([]);
  });

  it('checks the new camera like a new link', () => {
    spec
      .given(linked)
      .when(relink({ camera: camera({ cameraId: 'cam-2', posOption: null }) }))
      .thenThrows('pos_option_missing');
  });
});

describe('a terminal whose link was removed', () => {
  const history = [linkCreated(), linkRemoved()];

  it('takes a repeated remove as done', () => {
    spec.given(history).when(removeLink()).then([]);
  });

  it('can be linked again, to any camera of its owner', () => {
    spec
      .given(history)
      .when(createLink({ linkId: 'l-3', camera: camera({ cameraId: 'cam-2' }) }))
      .then([linkCreated({ linkId: 'l-3', cameraId: 'cam-2' })]);
  });
});

describe('a relinked terminal', () => {
  const history = [
    linkCreated(),
    linkRemoved({ reason: 'relinked to camera cam-2' }),
    linkCreated({ linkId: 'l-2', cameraId: 'cam-2' }),
  ];

  it('takes a repeated relink (same new link id) as done', () => {
    spec.given(history).when(relink()).then([]);
  });

  it('says the old link changed, naming the link now in force, to its owner', () => {
    spec
      .given(history)
      .when(removeLink())
      .thenThrows('link_changed', /link l-1 is no longer in force: .* link l-2 \(camera cam-2\)/, 'linkId');
    spec
      .given(history)
      .when(relink({ newLinkId: 'l-3', camera: camera({ cameraId: 'cam-3' }) }))
      .thenThrows('link_changed');
  });

  it('is not found for another owner', () => {
    spec
      .given(history)
      .when(removeLink({ ownerId: 'o-2' }))
      .thenThrows('link_not_found');
  });
});

describe('a terminal whose link was removed meanwhile', () => {
  it('says the link changed to a relink that came second', () => {
    spec
      .given([linkCreated(), linkRemoved()])
      .when(relink({ newLinkId: 'l-9' }))
      .thenThrows('link_changed', 'link l-1 was removed meanwhile; no link is in force', 'linkId');
  });
});

describe('evolve', () => {
  it('leaves the state as it is for an event of an unknown type', () => {
    const state = terminalLinkDecider.evolve(terminalLinkDecider.initialState(), linkCreated());
    const unknown = { type: 'LinkPaused.v1', data: {} } as unknown as LinkCreated;
    expect(terminalLinkDecider.evolve(state, unknown)).toBe(state);
  });
});

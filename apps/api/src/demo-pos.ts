import { SIMULATED_UBIREGI_CLIENT, onSimulator } from '@regicam/pos/connections';
import { PosSimulator } from '@regicam/pos/simulator';
import type { AppConfig } from './config';

/** The demo store's POS accounts on the embedded simulator. */
export const DEMO_POS = {
  smaregi: { contractId: 'demo', accessToken: 'demo-access-token', terminals: ['1', '2', '3'] },
  ubiregi: { accountId: 1001, login: 'demo', password: 'demo-password' },
};

/** The same configuration with every POS URL on the running simulator. */
export function withDemoPos(config: AppConfig, simulatorUrl: string): AppConfig {
  return { ...config, pos: onSimulator(config.pos, simulatorUrl) };
}

/**
 * Starts the simulator of the vendors' APIs for `npm start`, with the demo
 * store's Smaregi contract and Ubiregi account, and rings up a sale on a
 * random register of each every `saleEveryMs`, so that linked registers
 * show transactions arriving.
 */
export async function startDemoPos(
  port: number,
  publicUrl: string,
  saleEveryMs = 20_000,
): Promise<{ sim: PosSimulator; url: string; stop: () => Promise<void> }> {
  const sim = new PosSimulator();
  const url = await sim.start(port);
  sim.smaregi.addContract({ contractId: DEMO_POS.smaregi.contractId, accessToken: DEMO_POS.smaregi.accessToken });
  sim.ubiregi.addAccount({
    id: DEMO_POS.ubiregi.accountId,
    login: DEMO_POS.ubiregi.login,
    password: DEMO_POS.ubiregi.password,
    ...SIMULATED_UBIREGI_CLIENT,
    redirectUris: [`${publicUrl}/api/ubiregi/callback`],
    name: 'デモ店舗 (ユビレジ)',
  });
  let n = 0;
  const timer = setInterval(() => {
    n++;
    const total = 100 * (1 + ((n * 37) % 90));
    const deposit = Math.ceil(total / 1000) * 1000;
    const terminalId = DEMO_POS.smaregi.terminals[n % DEMO_POS.smaregi.terminals.length];
    sim.smaregi.addRows(DEMO_POS.smaregi.contractId, [
      {
        terminalId,
        total: String(total),
        subtotal: String(total),
        deposit: String(deposit),
        charge: String(deposit - total),
      },
    ]);
    const now = new Date().toISOString();
    sim.ubiregi.addCheckout(DEMO_POS.ubiregi.accountId, {
      paid_at: now,
      updated_at: now,
      status: 'close',
      total,
      deposit,
      change: deposit - total,
    });
  }, saleEveryMs);
  timer.unref();
  return {
    sim,
    url,
    stop: async () => {
      clearInterval(timer);
      await sim.stop();
    },
  };
}

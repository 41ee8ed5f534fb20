import { OwnerAccounts } from '@regicam/accounts';
import { CameraDirectory, type Camera } from '@regicam/cameras';
import type { Stores } from '@regicam/runtime';
import { randomUUID } from 'node:crypto';

export async function createOwner(
  stores: Stores,
  input: { email: string; password: string; name: string },
): Promise<string> {
  const accounts = await OwnerAccounts.open(stores.readStore);
  const owner = await accounts.create(
    { email: input.email, password: input.password, displayName: input.name },
    { id: randomUUID(), now: new Date() },
  );
  return owner.id;
}

export async function ownerIdOf(stores: Stores, email: string): Promise<string> {
  const owner = await (await OwnerAccounts.open(stores.readStore)).getOwnerByEmail(email);
  if (!owner) throw new Error(`no owner with email ${email}; create one with: regicam owner create --email ${email}`);
  return owner.id;
}

export async function addCamera(
  stores: Stores,
  input: { ownerEmail: string; name: string; model: string; serial: string; posFrom?: string },
): Promise<Camera> {
  const cameras = await CameraDirectory.open(stores.readStore);
  return cameras.add(
    {
      ownerId: await ownerIdOf(stores, input.ownerEmail),
      name: input.name,
      model: input.model,
      serial: input.serial,
      posOption: input.posFrom ? { from: input.posFrom } : null,
    },
    { id: randomUUID(), now: new Date().toISOString() },
  );
}

export async function setPosOption(
  stores: Stores,
  cameraId: string,
  from: string | null,
  actor: string,
): Promise<Camera> {
  const cameras = await CameraDirectory.open(stores.readStore);
  return cameras.setPosOption(cameraId, from ? { from } : null, new Date().toISOString(), actor);
}

export async function listCameras(stores: Stores, ownerEmail: string): Promise<Camera[]> {
  const cameras = await CameraDirectory.open(stores.readStore);
  return cameras.listByOwner(await ownerIdOf(stores, ownerEmail));
}

import { Test } from '@nestjs/testing';
import { ROLES, WorkerModule } from './worker.module';

describe('WorkerModule', () => {
  it('provides the roles it was registered with', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [WorkerModule.register(['relay', 'join'])] }).compile();
    expect(moduleRef.get(ROLES)).toEqual(['relay', 'join']);
    await moduleRef.close();
  });
});

import bits from '../../../../examples/bits.gfn';
import type { EnvironmentSpec } from '../../../../src/authoring/api';
import { describeReachesTarget } from './reachesTarget';

describeReachesTarget('examples/bits', bits as unknown as EnvironmentSpec<never, never>);

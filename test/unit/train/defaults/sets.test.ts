import sets from '../../../../examples/sets.gfn';
import type { EnvironmentSpec } from '../../../../src/authoring/api';
import { describeReachesTarget } from './reachesTarget';

describeReachesTarget('examples/sets', sets as unknown as EnvironmentSpec<never, never>);

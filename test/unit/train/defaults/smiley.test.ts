import smiley from '../../../../examples/smiley.gfn';
import type { EnvironmentSpec } from '../../../../src/authoring/api';
import { describeReachesTarget } from './reachesTarget';

describeReachesTarget('examples/smiley', smiley as unknown as EnvironmentSpec<never, never>);

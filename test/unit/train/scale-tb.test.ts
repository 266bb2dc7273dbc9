import { scaleInvariance } from './scale';

scaleInvariance('tb');

import { scaleInvariance } from './scale';

scaleInvariance('zvar');

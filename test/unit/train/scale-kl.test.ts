import { scaleInvariance } from './scale';

scaleInvariance('kl');

import { scaleInvariance } from './scale';

scaleInvariance('forward-kl');

import { scaleInvariance } from './scale';

scaleInvariance('renyi');

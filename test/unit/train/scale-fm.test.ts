import { scaleInvariance } from './scale';

scaleInvariance('fm');

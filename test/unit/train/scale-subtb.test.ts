import { scaleInvariance } from './scale';

scaleInvariance('subtb');

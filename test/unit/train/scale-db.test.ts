import { scaleInvariance } from './scale';

scaleInvariance('db');

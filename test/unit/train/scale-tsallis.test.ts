import { scaleInvariance } from './scale';

scaleInvariance('tsallis');

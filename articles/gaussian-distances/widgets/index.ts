import ellipses from './GaussianEllipses';
import monteCarlo from './MonteCarloKl';
import slices from './DistanceSlices';

/** The widgets of this article, in the order the article places them. */
export const widgets = [ellipses, monteCarlo, slices];

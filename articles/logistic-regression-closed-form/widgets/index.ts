import twoClasses from './TwoClassPlayground';
import softmaxRegions from './SoftmaxRegions';
import repeatedExperiment from './RepeatedExperiment';

/** The widgets of this article, in the order the article places them. */
export const widgets = [twoClasses, softmaxRegions, repeatedExperiment];

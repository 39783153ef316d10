import entropyVsLength from './EntropyVsLength';
import oneQuery from './OneQuery';
import approximation from './Approximation';

/** The widgets of this article, in the order the article places them. */
export const widgets = [oneQuery, entropyVsLength, approximation];

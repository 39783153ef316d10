import sandwich from './ClippingSandwich';
import descentRace from './DescentRace';
import smoothnessVsGradient from './SmoothnessVsGradient';

/** The widgets of this article, in the order the article places them. */
export const widgets = [sandwich, descentRace, smoothnessVsGradient];

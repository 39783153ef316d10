import scoreBars from './ScoreBars';
import trainingRace from './TrainingRaceWidget';
import smoothMax from './SmoothMax';

/** The widgets of this article, in the order the article places them. */
export const widgets = [scoreBars, smoothMax, trainingRace];
